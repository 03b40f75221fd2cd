package vn.poverty.api.access;

/**
 * What a user may do (API.md "Authentication"). Given to users by the users file ({@code roles}) or by the JWT claim
 * {@code roles}.
 */
public enum Role {
    /** Communes, projections, everything. */
    ADMIN,
    /** All households, assessments, recognitions, corrections and grants in every commune. */
    DISTRICT_OFFICER,
    /** Registers, assesses and reads the households of its own communes only. */
    COMMUNE_OFFICER,
    /** Loans; reads households to check eligibility (national ID masked). */
    BANK_OFFICER,
    /** Reads everything, history and verification; writes nothing. */
    AUDITOR
}
