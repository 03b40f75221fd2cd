package vn.poverty.api.commune;

import java.time.LocalDate;

/** Result of {@link RecordHouseholdCountCommand}. */
public record HouseholdCountRecordedResponse(String code, LocalDate asOf, int totalHouseholds) {}
