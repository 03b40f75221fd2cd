package vn.poverty.api.commune;

import java.time.LocalDate;
import org.axonframework.serialization.Revision;

/**
 * The statistics office's total number of households of a commune as of a date: the denominator of the commune's
 * poverty rate from that date until the next recorded count. Emitted by the command side.
 */
@Revision("1")
public record HouseholdCountRecordedEvent(String code, LocalDate asOf, int totalHouseholds) implements CommuneEvent {}
