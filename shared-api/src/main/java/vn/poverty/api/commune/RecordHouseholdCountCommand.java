package vn.poverty.api.commune;

import java.time.LocalDate;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Record a commune's total number of households as of a date (from statistics). */
public record RecordHouseholdCountCommand(@TargetAggregateIdentifier String code, LocalDate asOf, int totalHouseholds) {}
