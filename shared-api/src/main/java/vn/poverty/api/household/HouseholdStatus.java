package vn.poverty.api.household;

/**
 * Official status of a household. {@code UNCLASSIFIED} before its first recognition; the others are what an
 * assessment proposes and a recognition makes official.
 */
public enum HouseholdStatus {
    UNCLASSIFIED,
    POOR,
    NEAR_POOR,
    NOT_POOR
}
