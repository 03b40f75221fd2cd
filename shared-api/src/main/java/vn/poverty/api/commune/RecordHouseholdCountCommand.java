package vn.poverty.api.commune;

import java.time.LocalDate;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Record a commune's total number of households as of a date, and where the figure comes from. */
public record RecordHouseholdCountCommand(
        @TargetAggregateIdentifier String code, LocalDate asOf, int totalHouseholds, String source) {

    /** A total from the statistics office (the usual source). */
    public RecordHouseholdCountCommand(String code, LocalDate asOf, int totalHouseholds) {
        this(code, asOf, totalHouseholds, HouseholdCountRecordedEvent.STATISTICS_OFFICE);
    }
}
