package vn.poverty.platform.web;

import vn.poverty.api.error.Failure;
import vn.poverty.api.error.FailureKind;

/** A refusal raised in the web or query layer; rendered by {@link ProblemDetailsAdvice} like a refused command. */
public class ApiException extends RuntimeException {

    private final transient Failure failure;

    public ApiException(Failure failure) {
        super(failure.message());
        this.failure = failure;
    }

    public static ApiException notFound(String what) {
        return new ApiException(new Failure(FailureKind.NOT_FOUND, "NOT_FOUND", null, what + " not found"));
    }

    public static ApiException invalid(String field, String message) {
        return new ApiException(new Failure(FailureKind.VALIDATION, "INVALID", field, message));
    }

    public static ApiException forbidden(String message) {
        return new ApiException(new Failure(FailureKind.FORBIDDEN, "FORBIDDEN", null, message));
    }

    public static ApiException conflict(String code, String message) {
        return new ApiException(new Failure(FailureKind.CONFLICT, code, null, message));
    }

    public Failure failure() {
        return failure;
    }
}
