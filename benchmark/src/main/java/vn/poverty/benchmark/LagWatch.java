package vn.poverty.benchmark;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * The projection lag of sampled commands: from a command's acknowledgement until the query side shows its household
 * ({@code GET /api/households/{id}} answers 200).
 *
 * <p>Every {@code pollEvery} one question, {@link Visible}, asks which of the households still awaited (and not
 * being confirmed) have reached the query side's store (one statement for all of them); each one found is then
 * confirmed with one GET, {@link Shown}, sent without waiting for it, and its lag is taken when that GET answers 200
 * (a GET that does not show it yet leaves it awaited, to be found and confirmed again). Polling the API for every
 * awaited household instead (a GET every 10 ms, then every tenth of the wait) was itself several hundred requests a
 * second at 1,000 commands/s, which the query side and PostgreSQL served beside the load being measured (a third of a
 * core of the query side in the open loop); confirming one household after another on the poller's thread instead
 * fell behind the households arriving once the GETs took tens of milliseconds under load.
 */
final class LagWatch implements AutoCloseable {

    /** Which of {@code ids} the query side's store has now. */
    interface Visible {
        Set<String> among(Collection<String> ids) throws Exception;
    }

    /** Whether the query side's API shows {@code id}, answered when its GET answers. */
    interface Shown {
        CompletionStage<Boolean> now(String id);
    }

    private final Visible visible;
    private final Shown shown;
    private final Duration timeout;
    private final LongSupplier nanoClock;
    private final Map<String, Long> awaited = new ConcurrentHashMap<>();
    /** Households whose GET is in flight: not asked about or confirmed again until it answers. */
    private final Set<String> confirming = ConcurrentHashMap.newKeySet();

    private final ConcurrentHistogram micros = new ConcurrentHistogram(3);
    private final AtomicLong samples = new AtomicLong();
    private final AtomicLong timeouts = new AtomicLong();
    private ScheduledExecutorService poller;

    LagWatch(Visible visible, Shown shown, Duration timeout, LongSupplier nanoClock) {
        this.visible = visible;
        this.shown = shown;
        this.timeout = timeout;
        this.nanoClock = nanoClock;
    }

    /** Polls every {@code pollEvery} on a thread of its own until {@link #close()}. */
    LagWatch start(Duration pollEvery) {
        poller = Executors.newSingleThreadScheduledExecutor(Generator.daemon("lag-watch"));
        poller.scheduleWithFixedDelay(this::poll, 0, pollEvery.toNanos(), TimeUnit.NANOSECONDS);
        return this;
    }

    /** Waits for {@code householdId}, acknowledged at {@code acknowledgedNanos} (of the watch's clock). */
    void watch(String householdId, long acknowledgedNanos) {
        samples.incrementAndGet();
        awaited.put(householdId, acknowledgedNanos);
    }

    int awaiting() {
        return awaited.size();
    }

    /** One round: times out what waited too long, asks which of the rest arrived, sends their confirmations. */
    void poll() {
        if (awaited.isEmpty()) {
            return;
        }
        long now = nanoClock.getAsLong();
        for (var entry : List.copyOf(awaited.entrySet())) {
            if (now - entry.getValue() > timeout.toNanos() && awaited.remove(entry.getKey(), entry.getValue())) {
                timeouts.incrementAndGet();
                micros.recordValue(timeout.toNanos() / 1_000);
            }
        }
        List<String> unconfirmed =
                awaited.keySet().stream().filter(id -> !confirming.contains(id)).toList();
        if (unconfirmed.isEmpty()) {
            return;
        }
        Set<String> arrived;
        try {
            arrived = visible.among(unconfirmed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            return; // asked again at the next poll
        }
        for (String id : arrived) {
            Long acknowledged = awaited.get(id);
            if (acknowledged == null || !confirming.add(id)) {
                continue;
            }
            CompletionStage<Boolean> answer;
            try {
                answer = shown.now(id);
            } catch (RuntimeException e) {
                confirming.remove(id); // found and confirmed again at a later poll
                continue;
            }
            answer.whenComplete((showing, failure) -> {
                long answered = nanoClock.getAsLong();
                if (failure == null && Boolean.TRUE.equals(showing) && awaited.remove(id, acknowledged)) {
                    micros.recordValue(Math.max(1, (answered - acknowledged) / 1_000));
                }
                confirming.remove(id);
            });
        }
    }

    /** The lags recorded so far (a timed-out household counts as the timeout). */
    CommandLoad.Lag result() {
        return new CommandLoad.Lag(micros, samples.get(), timeouts.get());
    }

    @Override
    public void close() throws InterruptedException {
        if (poller != null) {
            poller.shutdownNow();
            poller.awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
