package vn.poverty.platform.web;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import vn.poverty.api.error.Failure;
import vn.poverty.api.error.FailureKind;

/** Builds the RFC 9457 problem documents of API.md: one {@code type} per status. */
public final class Problems {

    public static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

    private Problems() {}

    /** One invalid request field. */
    public record FieldError(String field, String message) {}

    public static ResponseEntity<ProblemDetail> of(HttpStatus status, String detail) {
        return of(status, detail, List.of());
    }

    public static ResponseEntity<ProblemDetail> of(HttpStatus status, String detail, List<FieldError> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(typeOf(status)));
        problem.setTitle(titleOf(status));
        if (!errors.isEmpty()) {
            problem.setProperty("errors", errors);
        }
        return ResponseEntity.status(status).contentType(PROBLEM_JSON).body(problem);
    }

    public static ResponseEntity<ProblemDetail> of(Failure failure) {
        HttpStatus status = statusOf(failure.kind());
        List<FieldError> errors =
                failure.field() == null ? List.of() : List.of(new FieldError(failure.field(), failure.message()));
        ResponseEntity<ProblemDetail> response = of(status, failure.message(), errors);
        if (failure.code() != null) {
            response.getBody().setProperty("code", failure.code());
        }
        return response;
    }

    public static HttpStatus statusOf(FailureKind kind) {
        return switch (kind) {
            case VALIDATION -> HttpStatus.BAD_REQUEST;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case RULE_VIOLATION -> HttpStatus.UNPROCESSABLE_ENTITY;
        };
    }

    private static final Map<Integer, String> TYPES = Map.of(
            400, "/problems/validation",
            401, "/problems/unauthorized",
            403, "/problems/forbidden",
            404, "/problems/not-found",
            405, "/problems/method-not-allowed",
            409, "/problems/conflict",
            413, "/problems/payload-too-large",
            415, "/problems/unsupported-media-type",
            422, "/problems/rule-violation");

    private static final Map<Integer, String> TITLES = Map.of(
            400, "Invalid request",
            401, "Not authenticated",
            403, "Not allowed",
            404, "Not found",
            409, "Conflict",
            413, "Request body too large",
            422, "Refused by a business rule");

    public static String typeOf(HttpStatus status) {
        return TYPES.getOrDefault(status.value(), "about:blank");
    }

    private static String titleOf(HttpStatus status) {
        return TITLES.getOrDefault(status.value(), status.getReasonPhrase());
    }
}
