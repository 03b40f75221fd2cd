package vn.poverty.command.shared;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;

/**
 * Retries a command whose events collided with another writer's on the unique (aggregate, sequence) key, as happens
 * when two command nodes handle the same household at once. Business refusals are never retried.
 */
public class ConcurrencyRetryScheduler implements RetryScheduler {

    private final int maxRetries;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "command-retry");
        thread.setDaemon(true);
        return thread;
    });

    public ConcurrencyRetryScheduler(int maxRetries) {
        this.maxRetries = maxRetries;
    }

    @Override
    public boolean scheduleRetry(
            CommandMessage commandMessage,
            RuntimeException lastFailure,
            List<Class<? extends Throwable>[]> failures,
            Runnable dispatchTask) {
        if (failures.size() > maxRetries || !isCollision(lastFailure)) {
            return false;
        }
        long delayMillis = ThreadLocalRandom.current().nextLong(1, 10L * failures.size() + 2);
        executor.schedule(dispatchTask, delayMillis, TimeUnit.MILLISECONDS);
        return true;
    }

    static boolean isCollision(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConcurrencyException || t instanceof AggregateStreamCreationException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
