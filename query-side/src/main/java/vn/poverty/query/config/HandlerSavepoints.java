package vn.poverty.query.config;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import vn.poverty.query.shared.ProjectionWrites;

/**
 * Makes a failing event handler of a processing group with a dead-letter queue fail only its own event: the handler's
 * changes roll back to a savepoint of the batch's transaction (Spring's {@code PROPAGATION_NESTED}) and the failure
 * goes on to Axon's dead-lettering invoker, which writes the letter in the still healthy transaction.
 *
 * <p>Why a savepoint: a pooled streaming processor handles a batch of events in one transaction, and on PostgreSQL a
 * failed statement aborts the whole transaction ("current transaction is aborted, commands ignored until end of
 * transaction block"). Without it the dead-letter queue could not even write the failed event (its insert is one more
 * command in that transaction), the batch would roll back and the processor would retry it forever. With it, the
 * letter, the other events' projections and the token commit together: every event is either projected or
 * dead-lettered, never both or neither.
 *
 * <p>Why not always: a savepoint costs two round trips per event and, in a batch of hundreds of events, as many
 * subtransactions (beyond 64 in one transaction PostgreSQL's snapshots overflow to a slower lookup for every
 * session); it was the larger part of a rebuild's database time. So a processor's batch runs <em>optimistically</em>,
 * without savepoints, as long as its segment has not failed: the first handler that throws marks the segment and
 * fails the whole batch ({@link RetryWithSavepoints}, which {@link DeadLetterPolicy} never dead-letters), the
 * processor rolls the batch back and hands it out again, and batches of a marked segment run <em>carefully</em>, one
 * savepoint per event, until one of them commits. An optimistic batch also sends its projection writes together at
 * its end ({@link ProjectionWrites}, one JDBC batch per statement); a failure to send them fails the batch the same
 * way. The outcome is the same as with savepoints everywhere (the failing event dead-lettered, the rest projected),
 * one rolled-back attempt later. Handlers invoked outside a processor's batch (retries of dead letters from the
 * admin endpoints) always run with a savepoint.
 */
final class HandlerSavepoints implements HandlerEnhancerDefinition {

    private final TransactionTemplate nested;
    private final ProjectionWrites writes;
    private final Set<String> processingGroups;
    /** The segments ("group/segment id") whose last batch failed optimistically; their batches run carefully. */
    private final Map<String, Boolean> careful = new ConcurrentHashMap<>();

    HandlerSavepoints(
            PlatformTransactionManager transactionManager, ProjectionWrites writes, Set<String> processingGroups) {
        this.nested = new TransactionTemplate(transactionManager);
        this.writes = writes;
        this.nested.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.processingGroups = Set.copyOf(processingGroups);
    }

    @Override
    public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
        if (!original.canHandleMessageType(EventMessage.class)) {
            return original;
        }
        String group = groupWithDeadLetters(original);
        if (group == null) {
            return original;
        }
        String segmentResource = "Processor[" + group + "]/SegmentId"; // Axon's key in a batch's resources
        return new WrappedMessageHandlingMember<>(original) {
            @Override
            public Object handle(Message<?> message, T target) throws Exception {
                if (!TransactionSynchronizationManager.isActualTransactionActive()) {
                    return super.handle(message, target);
                }
                String segment = segmentOfBatch(group, segmentResource);
                if (segment == null || careful.containsKey(segment)) {
                    if (segment != null) {
                        whenCommitted(() -> careful.remove(segment));
                    }
                    return underSavepoint(() -> super.handle(message, target));
                }
                writes.deferInCurrentBatch(failure -> retryWithSavepoints(segment, failure));
                try {
                    return super.handle(message, target);
                } catch (Exception | Error e) {
                    throw retryWithSavepoints(segment, e);
                }
            }
        };
    }

    private RetryWithSavepoints retryWithSavepoints(String segment, Throwable failure) {
        careful.put(segment, Boolean.TRUE);
        return new RetryWithSavepoints(segment, failure);
    }

    private Object underSavepoint(Handler handler) throws Exception {
        try {
            return nested.execute(status -> {
                try {
                    return handler.handle();
                } catch (RuntimeException | Error e) {
                    throw e;
                } catch (Exception e) {
                    throw new CheckedFailure(e);
                }
            });
        } catch (CheckedFailure e) {
            throw e.checked;
        }
    }

    /** "group/segment id" when a streaming processor of the group handles the current batch, else null. */
    private static String segmentOfBatch(String group, String segmentResource) {
        if (!CurrentUnitOfWork.isStarted()) {
            return null;
        }
        Object segmentId = CurrentUnitOfWork.get().root().resources().get(segmentResource);
        return segmentId == null ? null : group + "/" + segmentId;
    }

    private static void whenCommitted(Runnable action) {
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        root.getOrComputeResource(HandlerSavepoints.class.getName() + ".afterCommit", key -> {
            root.afterCommit(uow -> action.run());
            return Boolean.TRUE;
        });
    }

    private String groupWithDeadLetters(MessageHandlingMember<?> member) {
        Class<?> declaringClass;
        try {
            declaringClass = member.declaringClass();
        } catch (UnsupportedOperationException e) {
            return null;
        }
        ProcessingGroup group = AnnotatedElementUtils.findMergedAnnotation(declaringClass, ProcessingGroup.class);
        return group != null && processingGroups.contains(group.value()) ? group.value() : null;
    }

    @FunctionalInterface
    private interface Handler {
        Object handle() throws Exception;
    }

    /**
     * A handler failed in a batch run without savepoints: the batch's transaction may be aborted, so the whole batch
     * rolls back and is handled again, with a savepoint per event.
     */
    static final class RetryWithSavepoints extends RuntimeException {
        RetryWithSavepoints(String segment, Throwable cause) {
            super(
                    "A handler failed in a batch of " + segment + " run without savepoints; the batch is retried"
                            + " with a savepoint per event",
                    cause);
        }
    }

    /** Carries a checked exception of a handler through the transaction template (which rolls back on it). */
    private static final class CheckedFailure extends RuntimeException {
        private final transient Exception checked;

        CheckedFailure(Exception checked) {
            super(checked);
            this.checked = checked;
        }
    }
}
