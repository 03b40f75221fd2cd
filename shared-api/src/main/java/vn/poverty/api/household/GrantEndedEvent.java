package vn.poverty.api.household;

import java.time.LocalDate;
import org.axonframework.serialization.Revision;

/**
 * A grant ended by itself because a recognition decision left the household no longer entitled to the policy: it is
 * not active from {@code endedOn} (the decision date). {@code decisionRef} and {@code status} name the decision and
 * the status it gave. Emitted by the household aggregate after a recognition or a grant.
 */
@Revision("1")
public record GrantEndedEvent(
        HouseholdId householdId,
        GrantId grantId,
        String policyCode,
        LocalDate endedOn,
        HouseholdStatus status,
        String decisionRef)
        implements HouseholdEvent {}
