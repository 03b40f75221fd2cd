package vn.poverty.api.error;

/**
 * Details of a refused command, carried across the command bus inside Axon's {@code CommandExecutionException} so
 * that the web layer never has to read an exception message.
 *
 * @param kind    what sort of refusal, which decides the HTTP status
 * @param code    a stable machine-readable reason, e.g. {@code PERIOD_ALREADY_ASSESSED}
 * @param field   the request field at fault, or {@code null}
 * @param message a sentence for people
 */
public record Failure(FailureKind kind, String code, String field, String message) {}
