package vn.poverty.api.household;

/** The head of a household. The national ID number is personal data: shown only to those who need it. */
public record HouseholdHead(String fullName, String nationalId, Integer birthYear) {}
