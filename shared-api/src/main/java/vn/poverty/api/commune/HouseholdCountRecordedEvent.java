package vn.poverty.api.commune;

import java.time.LocalDate;
import org.axonframework.serialization.Revision;

/**
 * The total number of households of a commune as of a date: the denominator of the commune's poverty rate from that
 * date until the next recorded count. Emitted by the command side.
 *
 * <p>Revision 2 added {@code source}, where the total comes from (e.g. the statistics office's yearbook). Revision 1
 * events are upcast with {@value #STATISTICS_OFFICE}: before revision 2 every total came from the statistics office.
 */
@Revision("2")
public record HouseholdCountRecordedEvent(String code, LocalDate asOf, int totalHouseholds, String source)
        implements CommuneEvent {

    /** The source of every total recorded before the source was kept, and the default one. */
    public static final String STATISTICS_OFFICE = "STATISTICS_OFFICE";

    public HouseholdCountRecordedEvent(String code, LocalDate asOf, int totalHouseholds) {
        this(code, asOf, totalHouseholds, STATISTICS_OFFICE);
    }
}
