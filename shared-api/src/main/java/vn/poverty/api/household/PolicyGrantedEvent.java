package vn.poverty.api.household;

import java.time.LocalDate;
import org.axonframework.serialization.Revision;

/**
 * A policy (entitlement) was granted to a household for {@code validFrom}..{@code validTo} (both inclusive) by a
 * decision; the household was entitled on {@code validFrom}. Emitted on grant-policy.
 */
@Revision("1")
public record PolicyGrantedEvent(
        HouseholdId householdId,
        GrantId grantId,
        String policyCode,
        LocalDate validFrom,
        LocalDate validTo,
        String decisionRef,
        long amount)
        implements HouseholdEvent {}
