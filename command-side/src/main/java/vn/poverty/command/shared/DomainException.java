package vn.poverty.command.shared;

import vn.poverty.api.error.Failure;
import vn.poverty.api.error.FailureKind;

/**
 * The one exception type with which aggregates and command handlers refuse a command. It crosses the command bus
 * as the details of a {@code CommandExecutionException} (see {@link FailureTranslatingInterceptor}).
 */
public class DomainException extends RuntimeException {

    private final transient Failure failure;

    private DomainException(FailureKind kind, String code, String field, String message) {
        super(message);
        this.failure = new Failure(kind, code, field, message);
    }

    public static DomainException invalid(String field, String message) {
        return new DomainException(FailureKind.VALIDATION, "INVALID", field, message);
    }

    public static DomainException notFound(String code, String message) {
        return new DomainException(FailureKind.NOT_FOUND, code, null, message);
    }

    public static DomainException conflict(String code, String message) {
        return new DomainException(FailureKind.CONFLICT, code, null, message);
    }

    public static DomainException rule(String code, String message) {
        return new DomainException(FailureKind.RULE_VIOLATION, code, null, message);
    }

    public Failure failure() {
        return failure;
    }
}
