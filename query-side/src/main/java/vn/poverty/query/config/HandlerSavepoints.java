package vn.poverty.query.config;

import java.util.Set;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs every event handler of a processing group with a dead-letter queue under a savepoint of the batch's
 * transaction (Spring's {@code PROPAGATION_NESTED}).
 *
 * <p>Why: a pooled streaming processor handles a batch of events in one transaction, and on PostgreSQL a failed
 * statement aborts the whole transaction ("current transaction is aborted, commands ignored until end of transaction
 * block"). Without the savepoint the dead-letter queue could not even write the failed event (its insert is one more
 * command in that transaction), the batch would roll back and the processor would retry it forever. With it, a failing
 * handler's own changes roll back to the savepoint, the exception goes on to Axon's dead-lettering invoker, which
 * writes the letter in the still healthy transaction, and the letter, the other events' projections and the token
 * commit together: every event is either projected or dead-lettered, never both or neither. Retries of dead letters
 * run the same handlers, so a retry that fails again leaves its transaction usable for requeueing the letter.
 *
 * <p>Cost: two extra round trips (SAVEPOINT, RELEASE) per event handled by such a group.
 */
final class HandlerSavepoints implements HandlerEnhancerDefinition {

    private final TransactionTemplate nested;
    private final Set<String> processingGroups;

    HandlerSavepoints(PlatformTransactionManager transactionManager, Set<String> processingGroups) {
        this.nested = new TransactionTemplate(transactionManager);
        this.nested.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.processingGroups = Set.copyOf(processingGroups);
    }

    @Override
    public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
        if (!original.canHandleMessageType(EventMessage.class) || !inGroupWithDeadLetters(original)) {
            return original;
        }
        return new WrappedMessageHandlingMember<>(original) {
            @Override
            public Object handle(Message<?> message, T target) throws Exception {
                if (!TransactionSynchronizationManager.isActualTransactionActive()) {
                    return super.handle(message, target);
                }
                try {
                    return nested.execute(status -> {
                        try {
                            return super.handle(message, target);
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
        };
    }

    private boolean inGroupWithDeadLetters(MessageHandlingMember<?> member) {
        Class<?> declaringClass;
        try {
            declaringClass = member.declaringClass();
        } catch (UnsupportedOperationException e) {
            return false;
        }
        ProcessingGroup group = AnnotatedElementUtils.findMergedAnnotation(declaringClass, ProcessingGroup.class);
        return group != null && processingGroups.contains(group.value());
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
