package vn.poverty.api.household;

/** Result of {@link GrantPolicyCommand}. */
public record PolicyGrantedResponse(GrantId grantId) {}
