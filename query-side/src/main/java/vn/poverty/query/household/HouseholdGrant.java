package vn.poverty.query.household;

import java.time.LocalDate;

/**
 * A policy grant of a household as known at some instant: its validity (both ends inclusive) and, when a revocation
 * or an automatic end was recorded by then, {@code inactiveFrom}, the earliest date from which such an end makes it
 * inactive ({@code null} when none is known). The one definition of "active" of both the household view and the
 * coverage reports.
 */
public record HouseholdGrant(
        String grantId,
        String householdId,
        String policyCode,
        LocalDate validFrom,
        LocalDate validTo,
        LocalDate inactiveFrom) {

    /** Active on D: {@code validFrom <= D <= validTo}, and no known end dated on or before D. */
    public boolean activeOn(LocalDate date) {
        return !date.isBefore(validFrom)
                && !date.isAfter(validTo)
                && (inactiveFrom == null || date.isBefore(inactiveFrom));
    }

    HouseholdView.Grant viewOn(LocalDate date) {
        return new HouseholdView.Grant(grantId, policyCode, validFrom, validTo, activeOn(date));
    }
}
