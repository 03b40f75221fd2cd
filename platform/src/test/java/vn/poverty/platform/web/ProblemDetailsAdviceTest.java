package vn.poverty.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.stream.Stream;
import org.axonframework.commandhandling.CommandExecutionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.CannotCreateTransactionException;

class ProblemDetailsAdviceTest {

    private final ProblemDetailsAdvice advice = new ProblemDetailsAdvice();

    static Stream<Arguments> failures() {
        SQLTransientConnectionException poolTimeout = new SQLTransientConnectionException(
                "HikariPool-1 - Connection is not available, request timed out after 5001ms");
        return Stream.of(
                // no connection: nothing was done, the client may retry
                Arguments.of(
                        "pool exhausted at the start of a transaction",
                        new CannotCreateTransactionException("Could not open JDBC Connection", poolTimeout),
                        503),
                Arguments.of(
                        "no connection for a statement outside a transaction",
                        new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection", poolTimeout),
                        503),
                Arguments.of(
                        "wrapped by the command bus",
                        new CommandExecutionException("failed", new IllegalStateException("x", poolTimeout)),
                        503),
                Arguments.of(
                        "connection refused (SQL state 08001)",
                        new IllegalStateException(new SQLException("Connection refused", "08001")),
                        503),
                Arguments.of(
                        "server shutting down (SQL state 57P01)",
                        new UncategorizedSQLException("insert", "INSERT", new SQLException("terminating", "57P01")),
                        503),
                // anything else is a fault of the server
                Arguments.of("a bug", new IllegalStateException("bug"), 500),
                Arguments.of(
                        "another SQL error (SQL state 42P01)",
                        new UncategorizedSQLException("select", "SELECT", new SQLException("no table", "42P01")),
                        500),
                Arguments.of("a broken constraint", new DataIntegrityViolationException("duplicate"), 500),
                Arguments.of("a cause that is itself", new SelfCaused(), 500));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("failures")
    void answersDatabaseUnavailabilityWith503AndEverythingElseWith500(String name, Exception failure, int status) {
        ResponseEntity<ProblemDetail> response = advice.unexpected(failure);

        assertThat(response.getStatusCode().value()).isEqualTo(status);
        assertThat(response.getBody().getStatus()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType()).isEqualTo(Problems.PROBLEM_JSON);
        if (status == 503) {
            assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER))
                    .isEqualTo(ProblemDetailsAdvice.RETRY_AFTER_SECONDS);
            assertThat(response.getBody().getDetail()).contains("retry later");
        } else {
            assertThat(response.getHeaders().containsKey(HttpHeaders.RETRY_AFTER))
                    .isFalse();
            assertThat(response.getBody().getDetail()).isEqualTo("An unexpected error occurred");
        }
    }

    private static final class SelfCaused extends RuntimeException {
        @Override
        public synchronized Throwable getCause() {
            return this;
        }
    }
}
