package vn.poverty.query.config;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.EnqueuePolicy;
import org.axonframework.messaging.deadletter.ThrowableCause;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;

/**
 * What to do with an event a projection handler failed on (the handler's own changes are already rolled back to
 * its savepoint, see {@link HandlerSavepoints}):
 *
 * <ul>
 *   <li>a failure in a batch run without savepoints ({@link HandlerSavepoints.RetryWithSavepoints}) is thrown on: the
 *       batch is rolled back and handled again with a savepoint per event, and this policy decides then;</li>
 *   <li>a failure of the database itself (no connection, deadlock, serialization failure, shutdown: transient or
 *       recoverable errors and SQL states 08, 40, 53, 57, 58) is thrown on, so the processor rolls the whole batch
 *       back and tries it again after its back-off, exactly as without a dead-letter queue: a database outage must
 *       not fill the queue with events nothing is wrong with;</li>
 *   <li>anything else (a constraint the projection's data violates, a bug in a handler) puts the event in the group's
 *       dead-letter queue with the cause's type and its message truncated to fit the column, and a {@code retries}
 *       count in the diagnostics: 0 when first dead-lettered, one more on every failed retry.</li>
 * </ul>
 */
final class DeadLetterPolicy implements EnqueuePolicy<EventMessage<?>> {

    /** The diagnostics entry counting failed retries. */
    static final String RETRIES = "retries";

    private static final Set<String> DATABASE_FAILURE_STATE_CLASSES = Set.of("08", "40", "53", "57", "58");

    private final int causeMessageLength;

    DeadLetterPolicy(int causeMessageLength) {
        this.causeMessageLength = causeMessageLength;
    }

    @Override
    public EnqueueDecision<EventMessage<?>> decide(DeadLetter<? extends EventMessage<?>> letter, Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HandlerSavepoints.RetryWithSavepoints retry) {
                throw retry;
            }
        }
        if (isDatabaseFailure(cause)) {
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("The database failed while handling an event; retrying the batch", cause);
        }
        return Decisions.enqueue(
                ThrowableCause.truncated(cause, causeMessageLength),
                l -> l.diagnostics().and(RETRIES, retriesAfter(l)));
    }

    /** 0 for a letter enqueued for the first time (no count yet), else one more than its count. */
    static long retriesAfter(DeadLetter<?> letter) {
        Object retries = letter.diagnostics().get(RETRIES);
        return retries instanceof Number number ? number.longValue() + 1 : 0;
    }

    /** Whether anything in the cause chain says the database (not the data or the handler) failed. */
    static boolean isDatabaseFailure(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TransientDataAccessException
                    || t instanceof RecoverableDataAccessException
                    || t instanceof DataAccessResourceFailureException
                    || t instanceof SQLTransientException
                    || t instanceof SQLRecoverableException
                    || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql
                    && sql.getSQLState() != null
                    && sql.getSQLState().length() >= 2
                    && DATABASE_FAILURE_STATE_CLASSES.contains(sql.getSQLState().substring(0, 2))) {
                return true;
            }
        }
        return false;
    }
}
