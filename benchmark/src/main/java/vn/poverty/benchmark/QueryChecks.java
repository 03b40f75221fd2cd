package vn.poverty.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.HdrHistogram.Histogram;

/** What the benchmark asks of the query side: projection progress, rebuilds and report latencies. */
final class QueryChecks {

    /** One projection as {@code GET /api/admin/projections} shows it. */
    record Projection(String name, long position, long head, boolean replaying) {
        boolean caughtUp(long target) {
            return !replaying && position >= target;
        }
    }

    /** A rebuild of every projection: how long until all had caught up with the head they started from. */
    record Rebuild(List<String> names, long head, Duration took) {
        double eventsPerSecond() {
            return head / Math.max(took.toNanos() / 1e9, 1e-9);
        }
    }

    /** Latencies of one report. */
    record ReportLatency(String path, Histogram micros, long errors) {}

    private final Http http;
    private final String queryUrl;
    private final Tokens tokens;
    private final PrintStream out;

    QueryChecks(Http http, String queryUrl, Tokens tokens, PrintStream out) {
        this.http = http;
        this.queryUrl = queryUrl;
        this.tokens = tokens;
        this.out = out;
    }

    List<Projection> projections() throws IOException, InterruptedException {
        Http.Reply reply = http.get(queryUrl + "/api/admin/projections", tokens.admin);
        if (reply.status() != 200) {
            throw new IOException("GET /api/admin/projections: HTTP " + reply.status() + " " + reply.text());
        }
        List<Projection> projections = new ArrayList<>();
        for (JsonNode node : reply.json().path("projections")) {
            projections.add(new Projection(
                    node.path("name").asText(),
                    node.path("position").asLong(),
                    node.path("head").asLong(),
                    node.path("replaying").asBoolean()));
        }
        return projections;
    }

    /** Waits until every projection has reached {@code target} (a global index); the time it took. */
    Duration awaitCaughtUp(long target, Duration timeout) throws IOException, InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        List<Projection> last = List.of();
        while (System.nanoTime() < deadline) {
            last = projections();
            if (!last.isEmpty() && last.stream().allMatch(p -> p.caughtUp(target))) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            Thread.sleep(100);
        }
        throw new IOException("the projections did not reach " + target + " within " + timeout + ": " + last);
    }

    /** Asks for a rebuild of every projection at once and waits until all have replayed up to today's head. */
    Rebuild rebuildAll(Duration timeout) throws IOException, InterruptedException {
        List<Projection> before = projections();
        List<String> names = before.stream().map(Projection::name).toList();
        long head = before.stream().mapToLong(Projection::head).max().orElse(0);
        long start = System.nanoTime();
        for (String name : names) {
            Http.Reply reply = http.post(
                    queryUrl + "/api/admin/projections/" + name + "/rebuild",
                    Http.JSON.createObjectNode(),
                    tokens.admin,
                    null);
            if (!reply.ok()) {
                throw new IOException("rebuild of " + name + ": HTTP " + reply.status() + " " + reply.text());
            }
        }
        long deadline = start + timeout.toNanos();
        long nextPrint = start + 5_000_000_000L;
        List<Projection> now = List.of();
        while (System.nanoTime() < deadline) {
            now = projections();
            if (now.stream().allMatch(p -> p.caughtUp(head))) {
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                return new Rebuild(names, head, took);
            }
            if (System.nanoTime() > nextPrint) {
                StringBuilder line = new StringBuilder("  rebuilding:");
                for (Projection p : now) {
                    line.append(String.format(
                            " %s %,d/%,d%s", p.name(), p.position(), head, p.replaying() ? " (replaying)" : ""));
                }
                out.println(line);
                nextPrint += 5_000_000_000L;
            }
            // each poll costs the query side a request and five queries: poll at a hundredth of the time so far
            // (between 50 ms and 1 s), which keeps the measured time within 1% without loading what it measures
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            Thread.sleep(Math.max(50, Math.min(1_000, elapsedMillis / 100)));
        }
        throw new IOException("the rebuild did not finish within " + timeout + ": " + now);
    }

    /**
     * {@code requests} GETs of a report, one after the other, each {@code asOf} a random date from 2021-01-01 to
     * 2026-12-31.
     */
    ReportLatency reportLatency(String path, int requests, Random random) throws InterruptedException {
        Histogram micros = new Histogram(3);
        long errors = 0;
        LocalDate first = LocalDate.of(2021, 1, 1);
        int days = (int) (LocalDate.of(2026, 12, 31).toEpochDay() - first.toEpochDay()) + 1;
        for (int i = 0; i < requests; i++) {
            LocalDate asOf = first.plusDays(random.nextInt(days));
            long start = System.nanoTime();
            try {
                Http.Reply reply = http.get(queryUrl + path + "?asOf=" + asOf, tokens.admin);
                micros.recordValue(Math.max(1, (System.nanoTime() - start) / 1_000));
                if (reply.status() != 200) {
                    errors++;
                    if (errors <= 3) {
                        out.println(
                                "  " + path + ": HTTP " + reply.status() + " " + Generator.truncate(reply.text(), 300));
                    }
                }
            } catch (IOException e) {
                micros.recordValue(Math.max(1, (System.nanoTime() - start) / 1_000));
                errors++;
            }
        }
        return new ReportLatency(path, micros, errors);
    }

    /** The app's heap in use (bytes) from Actuator's {@code jvm.memory.used} with {@code area:heap}; -1 if unknown. */
    static long heapUsed(Http http, String baseUrl, String token) {
        try {
            Http.Reply reply = http.get(baseUrl + "/actuator/metrics/jvm.memory.used?tag=area:heap", token);
            if (reply.status() != 200) {
                return -1;
            }
            for (JsonNode measurement : reply.json().path("measurements")) {
                if ("VALUE".equals(measurement.path("statistic").asText())) {
                    return measurement.path("value").asLong();
                }
            }
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return -1;
    }
}
