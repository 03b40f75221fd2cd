package vn.poverty.query.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.TransactionSystemException;

class DeadLetterPolicyTest {

    private final DeadLetterPolicy policy = new DeadLetterPolicy(20);

    @Test
    void aDataErrorIsDeadLetteredWithItsTypeAndItsMessageTruncated() {
        var cause = new DataIntegrityViolationException("new row violates check constraint \"poison\" on q_household");

        EnqueueDecision<EventMessage<?>> decision = policy.decide(letter(MetaData.emptyInstance()), cause);

        assertThat(decision.shouldEnqueue()).isTrue();
        assertThat(decision.enqueueCause()).hasValueSatisfying(c -> {
            assertThat(c).isInstanceOf(org.axonframework.messaging.deadletter.Cause.class);
            var recorded = (org.axonframework.messaging.deadletter.Cause) c;
            assertThat(recorded.type()).isEqualTo(DataIntegrityViolationException.class.getName());
            assertThat(recorded.message()).isEqualTo("new row violates che");
        });
    }

    @Test
    void theFirstFailureCountsNoRetryAndEachFailedRetryOneMore() {
        var cause = new IllegalStateException("bug");

        DeadLetter<? extends EventMessage<?>> first = policy.decide(letter(MetaData.emptyInstance()), cause)
                .withDiagnostics(letter(MetaData.emptyInstance()));
        assertThat(first.diagnostics().get(DeadLetterPolicy.RETRIES)).isEqualTo(0L);

        DeadLetter<EventMessage<?>> retried = letter(MetaData.with(DeadLetterPolicy.RETRIES, 2));
        assertThat(policy.decide(retried, cause)
                        .withDiagnostics(retried)
                        .diagnostics()
                        .get(DeadLetterPolicy.RETRIES))
                .isEqualTo(3L);
    }

    @Test
    void databaseFailuresAreThrownSoThatTheBatchIsRetriedInsteadOfDeadLettered() {
        var noConnection = new CannotGetJdbcConnectionException("down", new SQLException("refused", "08001"));
        var deadlock = new CannotAcquireLockException("deadlock");
        var shutdown = new TransactionSystemException("rollback failed", new SQLException("terminating", "57P01"));
        var serialization = new RuntimeException(new SQLException("could not serialize", "40001"));

        for (RuntimeException failure : new RuntimeException[] {noConnection, deadlock, shutdown, serialization}) {
            assertThatThrownBy(() -> policy.decide(letter(MetaData.emptyInstance()), failure))
                    .as(failure.toString())
                    .isSameAs(failure);
        }
        assertThat(DeadLetterPolicy.isDatabaseFailure(new SQLException("check violation", "23514")))
                .isFalse();
    }

    @Test
    void aFailureInABatchWithoutSavepointsIsThrownSoThatTheBatchIsHandledAgainWithSavepoints() {
        var dataError = new DataIntegrityViolationException("check violation");
        var retry = new HandlerSavepoints.RetryWithSavepoints("household-projection/1", dataError);

        assertThatThrownBy(() -> policy.decide(letter(MetaData.emptyInstance()), retry))
                .isSameAs(retry);
        assertThatThrownBy(() -> policy.decide(letter(MetaData.emptyInstance()), new IllegalStateException(retry)))
                .isSameAs(retry);
        assertThat(policy.decide(letter(MetaData.emptyInstance()), dataError).shouldEnqueue())
                .as("the same failure under a savepoint")
                .isTrue();
    }

    private static DeadLetter<EventMessage<?>> letter(MetaData diagnostics) {
        return new GenericDeadLetter<EventMessage<?>>("sequence", GenericEventMessage.asEventMessage("event"))
                .withDiagnostics(diagnostics);
    }
}
