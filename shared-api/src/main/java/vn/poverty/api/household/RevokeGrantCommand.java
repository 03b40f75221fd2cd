package vn.poverty.api.household;

import java.time.LocalDate;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Revoke a grant from a date (within its validity), with a reason. */
public record RevokeGrantCommand(
        @TargetAggregateIdentifier HouseholdId householdId, GrantId grantId, LocalDate revokedOn, String reason) {}
