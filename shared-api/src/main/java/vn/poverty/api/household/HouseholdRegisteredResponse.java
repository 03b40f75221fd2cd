package vn.poverty.api.household;

/** Result of {@link RegisterHouseholdCommand}. */
public record HouseholdRegisteredResponse(HouseholdId householdId) {}
