package vn.poverty.api.household;

import java.time.LocalDate;

/** Result of {@link RevokeGrantCommand}. */
public record GrantRevokedResponse(GrantId grantId, LocalDate revokedOn) {}
