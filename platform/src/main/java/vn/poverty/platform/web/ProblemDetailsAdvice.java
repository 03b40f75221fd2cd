package vn.poverty.platform.web;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.stream.Collectors;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import vn.poverty.api.error.Failure;

/** Maps every error of both apps to an {@code application/problem+json} document (API.md, RFC 9457). */
@RestControllerAdvice
public class ProblemDetailsAdvice {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(ApiException e) {
        return Problems.of(e.failure());
    }

    @ExceptionHandler(CommandExecutionException.class)
    ResponseEntity<ProblemDetail> command(CommandExecutionException e) {
        return e.getDetails()
                .filter(Failure.class::isInstance)
                .map(Failure.class::cast)
                .map(Problems::of)
                .orElseGet(() -> unexpected(e));
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<ProblemDetail> aggregateNotFound(AggregateNotFoundException e) {
        return Problems.of(HttpStatus.NOT_FOUND, "No such record: " + e.getAggregateIdentifier());
    }

    /** An identifier that names an aggregate of another kind (e.g. a household id used as a commune code). */
    @ExceptionHandler(IncompatibleAggregateException.class)
    ResponseEntity<ProblemDetail> incompatibleAggregate(IncompatibleAggregateException e) {
        return Problems.of(HttpStatus.NOT_FOUND, "No such record");
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ProblemDetail> invalidBody(MethodArgumentNotValidException e) {
        List<Problems.FieldError> errors = e.getBindingResult().getFieldErrors().stream()
                .map(f -> new Problems.FieldError(f.getField(), f.getDefaultMessage()))
                .toList();
        return Problems.of(HttpStatus.BAD_REQUEST, "The request has invalid fields", errors);
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<ProblemDetail> invalidParameters(HandlerMethodValidationException e) {
        List<Problems.FieldError> errors = e.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream()
                        .map(err -> new Problems.FieldError(
                                r.getMethodParameter().getParameterName(), err.getDefaultMessage())))
                .toList();
        return Problems.of(HttpStatus.BAD_REQUEST, "The request has invalid parameters", errors);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> constraint(ConstraintViolationException e) {
        List<Problems.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problems.FieldError(leaf(v.getPropertyPath().toString()), v.getMessage()))
                .toList();
        return Problems.of(HttpStatus.BAD_REQUEST, "The request has invalid parameters", errors);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."))
                    .replace(".[", "[");
            String message = cause instanceof InvalidFormatException invalid
                    ? "invalid value '" + invalid.getValue() + "'" + allowed(invalid.getTargetType())
                    : cause instanceof MismatchedInputException mismatched
                            ? "wrong type" + allowed(mismatched.getTargetType())
                            : "invalid value";
            return Problems.of(
                    HttpStatus.BAD_REQUEST,
                    "The request body has an invalid field",
                    List.of(new Problems.FieldError(field, message)));
        }
        return Problems.of(HttpStatus.BAD_REQUEST, "The request body is missing or is not valid JSON");
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        return Problems.of(
                HttpStatus.BAD_REQUEST,
                "Invalid value for '" + e.getName() + "'",
                List.of(new Problems.FieldError(e.getName(), "invalid value '" + e.getValue() + "'")));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ProblemDetail> missingParameter(MissingServletRequestParameterException e) {
        return Problems.of(
                HttpStatus.BAD_REQUEST,
                "Missing parameter '" + e.getParameterName() + "'",
                List.of(new Problems.FieldError(e.getParameterName(), "is required")));
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ResponseEntity<ProblemDetail> missingHeader(MissingRequestHeaderException e) {
        return Problems.of(HttpStatus.BAD_REQUEST, "Missing header '" + e.getHeaderName() + "'");
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ProblemDetail> noResource(NoResourceFoundException e) {
        return Problems.of(HttpStatus.NOT_FOUND, "No such resource: /" + e.getResourcePath());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e) {
        return Problems.of(HttpStatus.METHOD_NOT_ALLOWED, e.getMessage());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e) {
        return Problems.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Send the request body as application/json");
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ProblemDetail> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return Problems.of(HttpStatus.NOT_ACCEPTABLE, "Only application/json responses are available");
    }

    /** A multipart body (no endpoint takes one) that cannot even be parsed, e.g. without a boundary. */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ProblemDetail> multipart(MultipartException e) {
        return Problems.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Send the request body as application/json");
    }

    /** A parameter name the security firewall refuses (control characters), met when the parameters are read. */
    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<ProblemDetail> rejected(RequestRejectedException e) {
        return Problems.of(HttpStatus.BAD_REQUEST, "The request has parameters that are not allowed");
    }

    /**
     * Spring refuses a wildcard {@code Content-Type} such as {@code application/*} with an IllegalArgumentException
     * while reading the body: that is the client's 415. Any other IllegalArgumentException is unexpected.
     */
    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> illegalArgument(IllegalArgumentException e, HttpServletRequest request) {
        if (!concreteContentType(request.getContentType())) {
            return mediaType(null);
        }
        return unexpected(e);
    }

    private static boolean concreteContentType(String contentType) {
        if (contentType == null || contentType.isEmpty()) {
            return true;
        }
        try {
            return MediaType.parseMediaType(contentType).isConcrete();
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    /**
     * Any other failure is the server's 500, except when the database could not be used at all (no connection came
     * free within the pool's connection timeout under overload, or PostgreSQL is away): then nothing was done, and the
     * client gets a 503 with {@code Retry-After} so that it retries instead of reporting a fault.
     */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (databaseUnavailable(e)) {
            log.warn("The database was unavailable for a request (answered 503): {}", rootMessage(e));
            ResponseEntity<ProblemDetail> problem = Problems.of(
                    HttpStatus.SERVICE_UNAVAILABLE, "The database is busy or cannot be reached; retry later");
            return ResponseEntity.status(problem.getStatusCode())
                    .headers(problem.getHeaders())
                    .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                    .body(problem.getBody());
        }
        log.error("Unexpected error", e);
        return Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "An unexpected error occurred");
    }

    static final String RETRY_AFTER_SECONDS = "1";

    /**
     * Whether the failure, or one of its causes, says that no database connection could be had: Spring's
     * {@link CannotCreateTransactionException} and {@link DataAccessResourceFailureException} (which include
     * {@code CannotGetJdbcConnectionException}), the pool's {@link SQLTransientConnectionException}, and SQL states of
     * class 08 (connection exception) or 57P01..57P03 (the server shutting down or starting).
     */
    static boolean databaseUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CannotCreateTransactionException
                    || t instanceof DataAccessResourceFailureException
                    || t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static String allowed(Class<?> type) {
        if (type != null && type.isEnum()) {
            return "; allowed: " + java.util.Arrays.toString(type.getEnumConstants());
        }
        return "";
    }

    private static String leaf(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
