package vn.poverty.api.error;

/** Why a command was refused; each kind maps to one HTTP status and problem type. */
public enum FailureKind {
    /** Input that can never be valid (an indicator the standard lacks): 400. */
    VALIDATION,
    /** The user's role or communes do not allow it (a commune officer writing in another commune): 403. */
    FORBIDDEN,
    /** The household, assessment, commune, loan or grant does not exist: 404. */
    NOT_FOUND,
    /** A duplicate or a conflicting state (already recognised, national ID taken): 409. */
    CONFLICT,
    /** A business rule refuses it (period already assessed, not entitled, over the limit): 422. */
    RULE_VIOLATION
}
