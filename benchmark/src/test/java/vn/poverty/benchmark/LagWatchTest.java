package vn.poverty.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LagWatchTest {

    private final AtomicLong clock = new AtomicLong();
    private final Set<String> inStore = new HashSet<>();
    private final Set<String> inApi = new HashSet<>();
    private final List<List<String>> asked = new ArrayList<>();
    private final List<String> confirmed = new ArrayList<>();

    private final LagWatch watch = new LagWatch(
            ids -> {
                asked.add(List.copyOf(ids));
                Set<String> found = new HashSet<>(ids);
                found.retainAll(inStore);
                return found;
            },
            id -> {
                confirmed.add(id);
                return CompletableFuture.completedFuture(inApi.contains(id));
            },
            Duration.ofSeconds(30),
            clock::get);

    private static long ms(long millis) {
        return millis * 1_000_000L;
    }

    @Test
    void aHouseholdsLagEndsWhenTheApiConfirmsWhatTheStoreShows() {
        watch.watch("a", ms(1_000));
        watch.watch("b", ms(1_000));

        clock.set(ms(1_010));
        watch.poll(); // neither arrived: one question for both, no GET
        assertThat(asked).hasSize(1);
        assertThat(asked.get(0)).containsExactlyInAnyOrder("a", "b");
        assertThat(confirmed).isEmpty();

        inStore.add("a");
        inApi.add("a");
        clock.set(ms(1_250));
        watch.poll();

        assertThat(confirmed).containsExactly("a");
        assertThat(watch.awaiting()).isEqualTo(1);
        CommandLoad.Lag lag = watch.result();
        assertThat(lag.samples()).isEqualTo(2);
        assertThat(lag.micros().getTotalCount()).isEqualTo(1);
        assertThat(lag.micros().getMaxValue()).isBetween(249_000L, 251_000L); // 250 ms
        assertThat(lag.timeouts()).isZero();
    }

    @Test
    void aHouseholdTheApiDoesNotShowYetStaysAwaited() {
        watch.watch("a", 0);
        inStore.add("a");

        clock.set(ms(20));
        watch.poll();
        assertThat(confirmed).containsExactly("a");
        assertThat(watch.awaiting()).isEqualTo(1);

        inApi.add("a");
        clock.set(ms(30));
        watch.poll();
        assertThat(watch.awaiting()).isZero();
        assertThat(watch.result().micros().getMaxValue()).isBetween(29_000L, 31_000L);
    }

    @Test
    void aHouseholdNeverShownCountsAsTheTimeoutAndIsNoLongerAsked() {
        watch.watch("late", 0);
        watch.watch("never", 0);

        clock.set(ms(30_001));
        watch.poll();

        assertThat(watch.awaiting()).isZero();
        assertThat(watch.result().timeouts()).isEqualTo(2);
        assertThat(watch.result().micros().getMaxValue()).isBetween(29_900_000L, 30_100_000L);
        assertThat(asked).isEmpty(); // nothing left to ask about
    }

    @Test
    void aFailedQuestionIsAskedAgainAtTheNextPoll() {
        AtomicLong failures = new AtomicLong(1);
        LagWatch flaky = new LagWatch(
                ids -> {
                    if (failures.getAndDecrement() > 0) {
                        throw new java.sql.SQLException("connection reset");
                    }
                    return Set.copyOf(ids);
                },
                id -> CompletableFuture.completedFuture(true),
                Duration.ofSeconds(30),
                clock::get);
        flaky.watch("a", 0);

        clock.set(ms(10));
        flaky.poll();
        assertThat(flaky.awaiting()).isEqualTo(1);

        clock.set(ms(20));
        flaky.poll();
        assertThat(flaky.awaiting()).isZero();
        assertThat(flaky.result().micros().getMaxValue()).isBetween(19_000L, 21_000L);
    }

    @Test
    void pollsOnItsOwnThreadOnceStarted() throws Exception {
        LagWatch running = new LagWatch(
                Set::copyOf, id -> CompletableFuture.completedFuture(true), Duration.ofSeconds(30), System::nanoTime);
        running.start(Duration.ofMillis(5));
        running.watch("a", System.nanoTime());
        long deadline = System.nanoTime() + ms(5_000);
        while (running.awaiting() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        running.close();

        assertThat(running.awaiting()).isZero();
        assertThat(running.result().micros().getTotalCount()).isEqualTo(1);
    }

    @Test
    void aSlowConfirmationHoldsUpNeitherTheOthersNorItsOwnLagAndIsNotSentTwice() {
        Map<String, CompletableFuture<Boolean>> answers = new ConcurrentHashMap<>();
        List<String> gets = new ArrayList<>();
        LagWatch async = new LagWatch(
                ids -> {
                    asked.add(List.copyOf(ids));
                    return Set.copyOf(ids);
                },
                id -> {
                    gets.add(id);
                    return answers.computeIfAbsent(id, k -> new CompletableFuture<>());
                },
                Duration.ofSeconds(30),
                clock::get);
        async.watch("slow", 0);
        async.watch("fast", 0);

        clock.set(ms(10));
        async.poll(); // both found, both GETs sent, neither answered
        assertThat(gets).containsExactlyInAnyOrder("slow", "fast");
        clock.set(ms(15));
        answers.get("fast").complete(true);

        clock.set(ms(20));
        async.poll(); // "slow" still in flight: neither asked about nor sent again
        assertThat(gets).hasSize(2);
        assertThat(asked).hasSize(1);
        assertThat(async.awaiting()).isEqualTo(1);

        clock.set(ms(400));
        answers.get("slow").complete(true);

        assertThat(async.awaiting()).isZero();
        assertThat(async.result().micros().getTotalCount()).isEqualTo(2);
        assertThat(async.result().micros().getMinValue()).isBetween(14_900L, 15_100L); // when its GET answered
        assertThat(async.result().micros().getMaxValue()).isBetween(399_000L, 401_000L);
    }

    @Test
    void aConfirmationThatFailsOrShowsNothingIsSentAgainAtALaterPoll() {
        Map<String, CompletableFuture<Boolean>> answers = new ConcurrentHashMap<>();
        LagWatch async = new LagWatch(
                Set::copyOf,
                id -> answers.computeIfAbsent(id, k -> new CompletableFuture<>()),
                Duration.ofSeconds(30),
                clock::get);
        async.watch("a", 0);

        clock.set(ms(10));
        async.poll();
        answers.remove("a").completeExceptionally(new java.io.IOException("connection reset"));
        clock.set(ms(20));
        async.poll();
        answers.remove("a").complete(false);
        assertThat(async.awaiting()).isEqualTo(1);

        clock.set(ms(30));
        async.poll();
        clock.set(ms(35));
        answers.get("a").complete(true);
        assertThat(async.awaiting()).isZero();
        assertThat(async.result().micros().getMaxValue()).isBetween(34_900L, 35_100L);
    }
}
