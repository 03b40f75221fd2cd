package vn.poverty.api.household;

import java.time.LocalDate;

/** Result of a recognition or correction: the status now in force from {@code effectiveFrom}, and the one before. */
public record StatusDecisionResponse(HouseholdStatus status, HouseholdStatus previousStatus, LocalDate effectiveFrom) {}
