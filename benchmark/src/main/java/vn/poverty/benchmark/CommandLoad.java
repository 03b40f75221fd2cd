package vn.poverty.benchmark;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Drives the command side with one-event commands: the registration of a new household ({@code POST /api/households}
 * appends exactly one event, {@code HouseholdRegisteredEvent}; the benchmark checks that by counting the event table)
 * and its effect on the query side is visible ({@code GET /api/households/{id}} turns from 404 to 200), which the
 * projection-lag measurement needs.
 *
 * <p>Closed loop: {@code clients} threads each send the next command as soon as the previous one is answered.
 * Open loop: commands are due at fixed intervals ({@code 1/rate}) whatever the answers; each one's latency is
 * measured from the moment it was due, not from when it could be sent, so a stall shows in the figures (no coordinated
 * omission). Latencies go into HdrHistograms (microseconds).
 */
final class CommandLoad {

    /** The figures of one phase. */
    record Phase(
            String name,
            long ok,
            long errors,
            Duration took,
            Histogram latencyMicros,
            long eventsAppended,
            double offeredRate,
            long unfinished,
            long notSent) {
        double perSecond() {
            return ok / Math.max(took.toNanos() / 1e9, 1e-9);
        }

        /** Commands that reached the command side and were answered (or timed out). */
        long sent() {
            return ok + errors - notSent;
        }
    }

    /** The projection lag of the sampled open-loop commands. */
    record Lag(Histogram micros, long samples, long timeouts) {}

    private static final Duration LAG_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration SEND_GRACE = Duration.ofSeconds(15);
    private static final Duration LAG_POLL = Duration.ofMillis(10);

    private final Http http;
    private final String commandUrl;
    private final String queryUrl;
    private final Tokens tokens;
    private final List<String> communeCodes;
    private final PrintStream out;
    private final PgLimits pg;
    private final AtomicLong serial = new AtomicLong();
    private final String runTag;

    CommandLoad(
            Http http,
            String commandUrl,
            String queryUrl,
            Tokens tokens,
            List<String> communeCodes,
            PrintStream out,
            PgLimits pg,
            long seed) {
        this.http = http;
        this.commandUrl = commandUrl;
        this.queryUrl = queryUrl;
        this.tokens = tokens;
        this.communeCodes = List.copyOf(communeCodes);
        this.out = out;
        this.pg = pg;
        this.runTag = Long.toString(Math.floorMod(seed, 1000L));
    }

    /**
     * The next registration: a head with a national ID that no generated household has (province code 099 and a
     * 9-digit serial), in the communes in turn.
     */
    Http.Request nextCommand() {
        long n = serial.getAndIncrement();
        ObjectNode body = Http.JSON
                .createObjectNode()
                .put("communeCode", communeCodes.get((int) (n % communeCodes.size())))
                .put("hamlet", "Ấp " + (1 + n % 5));
        body.putObject("head")
                .put("fullName", "Người Thử " + runTag + "-" + n)
                .put("nationalId", String.format("099%09d", n % 1_000_000_000L))
                .put("birthYear", 1950 + (int) (n % 50));
        body.put("memberCount", 1 + (int) (n % 6))
                .put("meritHousehold", false)
                .put("ethnicMinority", n % 20 == 0)
                .put("registeredOn", "2025-06-02");
        try {
            return Http.postRequest(
                    commandUrl + "/api/households", Http.JSON.writeValueAsBytes(body), tokens.district, null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    Phase closedLoop(int clients, Duration duration) throws Exception {
        return closedLoop("closed loop", clients, duration);
    }

    /** {@code clients} clients each sending one command after the other for {@code duration}. */
    Phase closedLoop(String name, int clients, Duration duration) throws Exception {
        ConcurrentHistogram latency = new ConcurrentHistogram(3);
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        ConcurrentLinkedQueue<String> errorSamples = new ConcurrentLinkedQueue<>();
        long eventsBefore = pg.headIndex();
        ExecutorService pool = Executors.newFixedThreadPool(clients, Generator.daemon("closed-loop"));
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            futures.add(pool.submit(() -> {
                while (System.nanoTime() < deadline) {
                    Http.Request request = nextCommand();
                    long sent = System.nanoTime();
                    try {
                        Http.Reply reply = http.send(request);
                        latency.recordValue(Math.max(1, (System.nanoTime() - sent) / 1_000));
                        if (reply.status() == 201) {
                            ok.incrementAndGet();
                        } else {
                            errors.incrementAndGet();
                            sample(errorSamples, "HTTP " + reply.status() + " " + reply.text());
                        }
                    } catch (IOException e) {
                        latency.recordValue(Math.max(1, (System.nanoTime() - sent) / 1_000));
                        errors.incrementAndGet();
                        sample(errorSamples, e.toString());
                    }
                }
                return null;
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        long took = System.nanoTime() - start;
        pool.shutdownNow();
        long events = pg.headIndex() - eventsBefore;
        printErrors(name, errorSamples);
        return new Phase(
                name + ", " + clients + " clients",
                ok.get(),
                errors.get(),
                Duration.ofNanos(took),
                latency,
                events,
                0,
                0,
                0);
    }

    /**
     * Commands due every {@code 1/rate} seconds for {@code duration}, sent asynchronously (at most
     * {@code maxOutstanding} in flight; a command that has to wait for a free slot still has its latency counted from
     * when it was due). Every {@code lagSampleEvery}-th acknowledged command is watched on the query side until it
     * shows ({@link LagWatch}): the projection lag.
     */
    Phase openLoop(int rate, Duration duration, int lagSampleEvery, int maxOutstanding, Lag[] lagOut) throws Exception {
        ConcurrentHistogram latency = new ConcurrentHistogram(3);
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        ConcurrentLinkedQueue<String> errorSamples = new ConcurrentLinkedQueue<>();
        Semaphore slots = new Semaphore(maxOutstanding);
        long eventsBefore = pg.headIndex();
        long intervalNanos = 1_000_000_000L / rate;
        long total = duration.toNanos() / intervalNanos;
        long notSent = 0;
        long start;
        long sentAll;
        long took;
        long unfinished;
        try (Connection store = pg.connect();
                PreparedStatement arrived =
                        store.prepareStatement("SELECT household_id FROM q_household WHERE household_id = ANY (?)");
                LagWatch lag = new LagWatch(
                                ids -> {
                                    arrived.setArray(1, store.createArrayOf("varchar", ids.toArray()));
                                    Set<String> found = new HashSet<>();
                                    try (ResultSet rows = arrived.executeQuery()) {
                                        while (rows.next()) {
                                            found.add(rows.getString(1));
                                        }
                                    }
                                    return found;
                                },
                                id -> http.sendAsync(Http.getRequest(queryUrl + "/api/households/" + id, tokens.admin))
                                        .thenApply(reply -> reply.status() == 200),
                                LAG_TIMEOUT,
                                System::nanoTime)
                        .start(LAG_POLL)) {
            start = System.nanoTime();
            // a system that cannot keep up would make the phase last for ever: what is not sent by then is not sent
            long sendUntil = start + duration.toNanos() + SEND_GRACE.toNanos();
            for (long k = 0; k < total; k++) {
                long due = start + k * intervalNanos;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                Http.Request request = nextCommand();
                long slotWait = sendUntil - System.nanoTime();
                if (slotWait <= 0 || !slots.tryAcquire(slotWait, TimeUnit.NANOSECONDS)) {
                    // every command left is late by at least this much: recorded as such, and as an error
                    long now = System.nanoTime();
                    for (long late = k; late < total; late++) {
                        long lateDue = start + late * intervalNanos;
                        latency.recordValue(Math.max(1, (now - Math.min(now, lateDue)) / 1_000));
                    }
                    notSent = total - k;
                    break;
                }
                boolean sampled = k % lagSampleEvery == 0;
                http.sendAsync(request).whenComplete((reply, failure) -> {
                    long acknowledged = System.nanoTime();
                    slots.release();
                    latency.recordValue(Math.max(1, (acknowledged - due) / 1_000));
                    if (failure != null) {
                        errors.incrementAndGet();
                        sample(errorSamples, failure.toString());
                    } else if (reply.status() != 201) {
                        errors.incrementAndGet();
                        sample(errorSamples, "HTTP " + reply.status() + " " + reply.text());
                    } else {
                        ok.incrementAndGet();
                        if (sampled) {
                            lag.watch(reply.json().path("householdId").asText(), acknowledged);
                        }
                    }
                });
            }
            sentAll = System.nanoTime();
            // the answers still in flight belong to the phase
            boolean drained = slots.tryAcquire(maxOutstanding, 60, TimeUnit.SECONDS);
            took = System.nanoTime() - start;
            unfinished = drained ? 0 : maxOutstanding - slots.availablePermits();
            if (drained) {
                slots.release(maxOutstanding);
            }
            // the watch ends each household by itself (at the latest after LAG_TIMEOUT)
            long watchDeadline = System.nanoTime() + LAG_TIMEOUT.toNanos() + 10_000_000_000L;
            while (lag.awaiting() > 0 && System.nanoTime() < watchDeadline) {
                Thread.sleep(20);
            }
            lag.close();
            if (lagOut != null) {
                lagOut[0] = lag.result();
            }
        }
        long events = pg.headIndex() - eventsBefore;
        printErrors("open loop", errorSamples);
        out.printf(
                "  open loop: %d commands due in %.1f s, %d sent by %.1f s (%d not sent: more than %d s late),"
                        + " answered after %.1f s%n",
                total,
                duration.toNanos() / 1e9,
                total - notSent,
                (sentAll - start) / 1e9,
                notSent,
                SEND_GRACE.toSeconds(),
                took / 1e9);
        return new Phase(
                "open loop at " + rate + "/s",
                ok.get(),
                errors.get() + unfinished + notSent,
                Duration.ofNanos(took),
                latency,
                events,
                rate,
                unfinished,
                notSent);
    }

    private static void sample(ConcurrentLinkedQueue<String> samples, String text) {
        if (samples.size() < 5) {
            samples.add(Generator.truncate(text, 300));
        }
    }

    private void printErrors(String phase, ConcurrentLinkedQueue<String> samples) {
        for (String sample : samples) {
            out.println("  " + phase + " error: " + sample);
        }
    }
}
