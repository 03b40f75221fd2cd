package vn.poverty.api.household;

import java.time.LocalDate;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Grant a policy to a household; refused when it is not entitled on {@code validFrom} or the grant would overlap. */
public record GrantPolicyCommand(
        @TargetAggregateIdentifier HouseholdId householdId,
        GrantId grantId,
        String policyCode,
        LocalDate validFrom,
        LocalDate validTo,
        String decisionRef,
        long amount) {}
