package vn.poverty.api.household;

import java.time.LocalDate;
import org.axonframework.serialization.Revision;

/** An officer revoked a grant: it is no longer active from {@code revokedOn}. Emitted on revoke-grant. */
@Revision("1")
public record GrantRevokedEvent(HouseholdId householdId, GrantId grantId, LocalDate revokedOn, String reason)
        implements HouseholdEvent {}
