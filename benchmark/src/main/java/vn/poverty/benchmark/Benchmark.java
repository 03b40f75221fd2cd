package vn.poverty.benchmark;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The province-scale benchmark (issue 8), one process orchestrating everything: PostgreSQL (embedded, or the one
 * named by {@code --db-url}), the raw PostgreSQL limits, both packaged apps as child processes, the generated province,
 * the command load (closed and open loop), the projection lag, a rebuild of every projection and the report latencies;
 * then a table of the figures against the targets and, as the last line, {@code BENCH {json}}.
 *
 * <pre>
 * ./bench.sh [--households 20000] [--duration 30s] ...     (builds, then runs benchmark/target/benchmark.jar)
 * </pre>
 */
public final class Benchmark {

    private static final String DATABASE = "bench";
    /** The CPU group of the embedded PostgreSQL's processes. */
    private static final String POSTGRES = "postgres";
    /** The raw batched inserts: as many connections as the household projection's segments ... */
    private static final int BATCH_CONNECTIONS = 4;
    /** ... and a replay's batch of events (the projections' batch size) a transaction, about a row each. */
    private static final int BATCH_ROWS = 500;
    /** An idle backend reports its statistics within ten seconds. */
    private static final Duration STATISTICS_DELAY = Duration.ofSeconds(11);

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final BenchOptions options;
    private final PrintStream out;
    private final Path root;
    private final Path logs;
    private final List<Child> children = new ArrayList<>();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile EmbeddedPostgres postgres;
    private volatile Path postgresData;

    /** A started app. */
    private record Child(String name, Process process, int port, Path log) {
        String url() {
            return "http://localhost:" + port;
        }
    }

    private final Path report;

    private Benchmark(BenchOptions options, PrintStream out, Path root, Path logs, Path report) {
        this.options = options;
        this.out = out;
        this.root = root;
        this.logs = logs;
        this.report = report;
    }

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        PrintStream console = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (BenchOptions.UsageException e) {
            if (e.getMessage() != null) {
                System.err.println(e.getMessage());
            }
            (e.getMessage() == null ? console : System.err).println(BenchOptions.USAGE);
            System.exit(e.getMessage() == null ? 0 : 2);
            return;
        }
        Path root;
        try {
            root = findProjectRoot(Path.of("").toAbsolutePath());
        } catch (IllegalStateException e) {
            System.err.println("ERROR: " + e.getMessage());
            System.exit(1);
            return;
        }
        String stamp = LocalDateTime.now().format(STAMP);
        Path target = root.resolve("benchmark/target");
        Path report = target.resolve("bench-" + stamp + ".txt");
        Path logs = target.resolve("bench-logs-" + stamp);
        int code;
        try {
            Files.createDirectories(logs);
            try (OutputStream file = Files.newOutputStream(report)) {
                PrintStream out = new PrintStream(new Tee(console, file), true, StandardCharsets.UTF_8);
                Benchmark benchmark = new Benchmark(options, out, root, logs, report);
                Thread hook = new Thread(benchmark::stop, "benchmark-shutdown");
                Runtime.getRuntime().addShutdownHook(hook);
                try {
                    benchmark.run();
                    code = 0;
                } catch (Exception e) {
                    out.println("ERROR: the benchmark failed: " + e);
                    e.printStackTrace(out);
                    benchmark.printAppLogTails();
                    benchmark.stop();
                    benchmark.printWhereOutputIs();
                    code = 1;
                } finally {
                    benchmark.stop();
                    out.flush();
                }
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // Ctrl-C: the hook runs anyway
                }
            }
        } catch (IOException e) {
            System.err.println("ERROR: cannot write " + report + ": " + e.getMessage());
            code = 1;
        }
        System.exit(code);
    }

    /** Writes to the console and to the report file. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int value) throws IOException {
            a.write(value);
            b.write(value);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
            a.write(bytes, offset, length);
            b.write(bytes, offset, length);
        }

        @Override
        public synchronized void flush() throws IOException {
            a.flush();
            b.flush();
        }
    }

    // ------------------------------------------------------------------------------------------------------------

    private void run() throws Exception {
        long runStart = System.nanoTime();
        Path commandJar = root.resolve("command-side/target/command-side-exec.jar");
        Path queryJar = root.resolve("query-side/target/query-side-exec.jar");
        for (Path jar : List.of(commandJar, queryJar)) {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(root.relativize(jar) + " is missing: build first with "
                        + "./mvnw -DskipTests package (./bench.sh does)");
            }
        }
        out.printf(
                "Benchmark (issue 8) %s: %d households, %d communes, seed %d, %d clients, %s per load phase, open loop"
                        + " at %d/s, apps -Xmx%s, %d cores, %s%n",
                LocalDateTime.now().withNano(0),
                options.households(),
                options.communes(),
                options.seed(),
                options.clients(),
                options.duration(),
                options.rate(),
                options.heap(),
                Runtime.getRuntime().availableProcessors(),
                options.embeddedDatabase() ? "embedded PostgreSQL 17" : "PostgreSQL at " + options.dbUrl());

        Map<String, Object> figures = new LinkedHashMap<>();
        CpuMeter cpu = new CpuMeter();
        cpu.watchAlone("benchmark", () -> ProcessHandle.current().pid());

        // 1. PostgreSQL
        String jdbcUrl;
        String dbUser;
        String dbPassword;
        if (options.embeddedDatabase()) {
            jdbcUrl = startEmbeddedPostgres();
            dbUser = "postgres";
            dbPassword = "postgres";
            cpu.watch(POSTGRES, this::postmasterPid);
        } else {
            jdbcUrl = options.dbUrl();
            dbUser = options.dbUser();
            dbPassword = options.dbPassword();
        }
        PgLimits pg = new PgLimits(jdbcUrl, dbUser, dbPassword);
        PgStatements statements = new PgStatements(pg, out, options.pgStatements());
        statements.install();
        PgActivity activity = new PgActivity(pg);
        Map<String, String> settings = pg.settings();
        out.println("PostgreSQL settings: " + settings);
        if (!"on".equals(settings.get("synchronous_commit")) || !"on".equals(settings.get("fsync"))) {
            out.println("WARNING: synchronous_commit/fsync is not on: the figures do not measure durable commits");
        }
        if (pg.eventCount() > 0) {
            out.println("WARNING: the database holds events already; the figures include them");
        }

        // 2a. raw single-row insert transactions, before the apps (measured again right before the commands)
        section("Raw PostgreSQL: single-row INSERT transactions into a copy of domain_event_entry");
        double insertsBeforeApps = rawInserts(pg, cpu);

        // the apps
        section("Starting the apps");
        Tokens tokens = Tokens.random();
        Child command = startChild("command-side", commandJar, jdbcUrl, dbUser, dbPassword, tokens, null);
        Child query = startChild("query-side", queryJar, jdbcUrl, dbUser, dbPassword, tokens, null);
        cpu.watchAlone("command-side", () -> command.process().pid());
        cpu.watchAlone("query-side", () -> query.process().pid());
        cpu.showCompiler("command-side");
        Http http = new Http();
        awaitHealthy(http, command, Duration.ofMinutes(3));
        awaitHealthy(http, query, Duration.ofMinutes(3));
        AtomicLong commandHeap = new AtomicLong(-1);
        AtomicLong queryHeap = new AtomicLong(-1);
        ScheduledExecutorService heapSampler =
                Executors.newSingleThreadScheduledExecutor(Generator.daemon("heap-sampler"));
        heapSampler.scheduleWithFixedDelay(
                () -> {
                    commandHeap.accumulateAndGet(QueryChecks.heapUsed(http, command.url(), tokens.admin), Math::max);
                    queryHeap.accumulateAndGet(QueryChecks.heapUsed(http, query.url(), tokens.admin), Math::max);
                },
                0,
                1,
                TimeUnit.SECONDS);
        QueryChecks queries = new QueryChecks(http, query.url(), tokens, out);

        try {
            // 3. the province
            section(
                    options.importBatch() > 0
                            ? "Generating the province through the command side's bulk import (HTTP)"
                            : "Generating the province through the command side's HTTP API");
            ProvincePlan plan = new ProvincePlan(options.seed(), options.households(), options.communes());
            var generatorCpu = cpu.snapshot();
            var generatorWal = activity.snapshot();
            Generator.Result generated = new Generator(
                            http, command.url(), tokens, out, options.clients(), pg::headIndex, options.importBatch())
                    .load(plan);
            out.println("  " + CpuMeter.describe(generatorCpu, cpu.snapshot()));
            printActivity(PgActivity.describe(generatorWal, activity.snapshot()));
            long generatedEvents = pg.eventCount();
            double generatorSeconds = generated.took().toNanos() / 1e9;
            out.printf(
                    "  %,d households (%d skipped as present), %,d requests (%,d refused by a rule, %,d failed), %,d"
                            + " events in %.1f s: %,.0f events/s%n",
                    generated.households(),
                    generated.skipped(),
                    generated.requests(),
                    generated.refused(),
                    generated.errors(),
                    generatedEvents,
                    generatorSeconds,
                    generatedEvents / generatorSeconds);
            Duration catchUp = queries.awaitCaughtUp(pg.headIndex(), Duration.ofMinutes(30));
            out.printf("  the projections caught up %.1f s after the last command%n", catchUp.toNanos() / 1e9);
            long[] sizes = pg.averageEventSizes();
            out.printf("  stored events: average payload %d B, metadata %d B%n", sizes[0], sizes[1]);

            // 2b. raw sequential read of the event table
            section("Raw PostgreSQL: sequential read of domain_event_entry (cursor, fetch size 1000, every column)");
            var readCpu = cpu.snapshot();
            PgLimits.ReadLimit reads = pg.readLimit(2);
            out.printf(
                    "  %,.0f rows/s (%,d rows, %,d MB in %.2f s; the faster of 2 runs)%n",
                    reads.perSecond(),
                    reads.rows(),
                    reads.bytes() / 1_000_000,
                    reads.took().toNanos() / 1e9);
            out.println("  " + CpuMeter.describe(readCpu, cpu.snapshot()));
            figures.put("pgReadLimitPerSecond", Math.round(reads.perSecond()));

            // 4. commands
            List<String> communeCodes =
                    plan.communes().stream().map(ProvincePlan.Commune::code).toList();
            CommandLoad load =
                    new CommandLoad(http, command.url(), query.url(), tokens, communeCodes, out, pg, options.seed());
            // 2c. the raw insert rate again, on the database as the commands find it (the apps idle): the disk's fsync
            // rate on a shared machine drifts over a long run, so the limit is the mean of both measurements
            section("Raw PostgreSQL again, right before the commands (the apps idle)");
            double insertsBeforeCommands = rawInserts(pg, cpu);
            double insertLimit = (insertsBeforeApps + insertsBeforeCommands) / 2;
            out.printf(
                    "  the limit the commands are divided by: %,.0f inserts/s (mean of %,.0f before the apps and %,.0f"
                            + " now)%n",
                    insertLimit, insertsBeforeApps, insertsBeforeCommands);
            figures.put("pgInsertLimitPerSecond", Math.round(insertLimit));
            figures.put("pgInsertLimitBeforeAppsPerSecond", Math.round(insertsBeforeApps));
            figures.put("pgInsertLimitBeforeCommandsPerSecond", Math.round(insertsBeforeCommands));

            section("Commands, closed loop: " + options.clients() + " clients, "
                    + options.duration().toSeconds() + " s, one-event commands (household registrations)");
            warmUp(load, cpu);
            statements.reset();
            var closedCpu = cpu.snapshot();
            var closedWal = activity.snapshot();
            ScheduledExecutorService top = Executors.newSingleThreadScheduledExecutor(Generator.daemon("top"));
            top.schedule(this::printTop, options.duration().toMillis() / 2, TimeUnit.MILLISECONDS);
            CommandLoad.Phase closed = load.closedLoop(options.clients(), options.duration());
            top.shutdownNow();
            printPhase(closed);
            out.println("  " + CpuMeter.describe(closedCpu, cpu.snapshot()));
            printActivity(PgActivity.describe(closedWal, activity.snapshot()));
            statements.print("the closed loop", 10);
            queries.awaitCaughtUp(pg.headIndex(), Duration.ofMinutes(10));

            section("Commands, open loop at " + options.rate() + "/s for "
                    + options.duration().toSeconds() + " s, with the projection lag of every "
                    + options.lagSampleEvery() + "th command");
            var openCpu = cpu.snapshot();
            var openWal = activity.snapshot();
            CommandLoad.Lag[] lag = new CommandLoad.Lag[1];
            CommandLoad.Phase open =
                    load.openLoop(options.rate(), options.duration(), options.lagSampleEvery(), 256, lag);
            printPhase(open);
            out.println("  " + CpuMeter.describe(openCpu, cpu.snapshot()));
            printActivity(PgActivity.describe(openWal, activity.snapshot()));
            out.printf(
                    "  projection lag (2xx -> visible on GET /api/households/{id}: the awaited households looked up in"
                            + " the query side's table every 10 ms, each found confirmed by that GET): %d samples,"
                            + " p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms, %d not visible within 30 s%n",
                    lag[0].samples(),
                    Figures.percentileMs(lag[0].micros(), 50),
                    Figures.percentileMs(lag[0].micros(), 95),
                    Figures.percentileMs(lag[0].micros(), 99),
                    Figures.maxMs(lag[0].micros()),
                    lag[0].timeouts());
            queries.awaitCaughtUp(pg.headIndex(), Duration.ofMinutes(10));

            // 5b. the raw rate of the rebuild's kind of writes, on the database as the rebuild finds it (the apps idle)
            section("Raw PostgreSQL: batched inserts of projection rows (" + BATCH_CONNECTIONS + " connections, "
                    + BATCH_ROWS + " rows a transaction, into a copy of q_status_fact with its keys and indexes)");
            var batchCpu = cpu.snapshot();
            PgLimits.BatchLimit batch = pg.batchInsertLimit(BATCH_CONNECTIONS, options.pgDuration(), BATCH_ROWS);
            var batchCpuEnd = cpu.snapshot();
            double pgMicrosPerRow =
                    CpuMeter.microsPer(batchCpu, batchCpuEnd, batch.rows()).getOrDefault(POSTGRES, Double.NaN);
            out.printf(
                    "  %,.0f rows/s (%,d rows in %.1f s); PostgreSQL's CPU %.1f µs a row%n",
                    batch.rowsPerSecond(), batch.rows(), batch.took().toNanos() / 1e9, pgMicrosPerRow);
            out.println("  " + CpuMeter.describe(batchCpu, batchCpuEnd));
            figures.put("pgBatchInsertRowsPerSecond", Math.round(batch.rowsPerSecond()));
            figures.put("pgBatchInsertPostgresCpuMicrosPerRow", Figures.round(pgMicrosPerRow, 1));

            // 6. rebuild
            long events = pg.eventCount();
            section("Rebuild of every projection from the event store (" + String.format("%,d", events) + " events)");
            statements.reset();
            Map<String, Long> rowsBefore = pg.rowsWrittenByTable();
            var rebuildCpu = cpu.snapshot();
            var rebuildWal = activity.snapshot();
            QueryChecks.Rebuild rebuild = queries.rebuildAll(Duration.ofMinutes(60));
            out.printf(
                    "  %s rebuilt together up to global index %,d in %.1f s: %,.0f events/s%n",
                    rebuild.names(), rebuild.head(), rebuild.took().toNanos() / 1e9, rebuild.eventsPerSecond());
            var rebuildCpuEnd = cpu.snapshot();
            out.println("  " + CpuMeter.describe(rebuildCpu, rebuildCpuEnd));
            Map<String, Double> replayCpu = CpuMeter.microsPer(rebuildCpu, rebuildCpuEnd, events);
            out.println(
                    "  " + Figures.replayCpuLine(replayCpu, Runtime.getRuntime().availableProcessors()));
            printActivity(PgActivity.describe(rebuildWal, activity.snapshot()));
            statements.print("the rebuild", 15);
            statements.reset();
            Thread.sleep(STATISTICS_DELAY.toMillis()); // the apps' idle connections report their row counts by then
            Map<String, Long> rowsByTable = Figures.rowsWritten(rowsBefore, pg.rowsWrittenByTable());
            Figures.RebuildWrites writes = new Figures.RebuildWrites(
                    rowsByTable.isEmpty()
                            ? -1
                            : rowsByTable.values().stream()
                                    .mapToLong(Long::longValue)
                                    .sum(),
                    events,
                    batch.rowsPerSecond(),
                    pgMicrosPerRow,
                    replayCpu.getOrDefault(POSTGRES, Double.NaN));
            out.println("  " + writes.line());
            out.println("  " + Figures.rowsPerEventLine(rowsByTable, events, 12));
            figures.put("replayRowsPerEvent", Figures.round(writes.rowsPerEvent(), 2));
            double ceiling = writes.ceilingPerSecond();
            figures.put(
                    "replayWriteCeilingEventsPerSecond",
                    Double.isNaN(ceiling) ? ceiling : (Object) Math.round(ceiling));

            // 7. reports
            section("Reports asOf random dates 2021-01-01..2026-12-31, " + options.reportRequests()
                    + " requests each, one at a time");
            Random random = new Random(options.seed());
            var reportCpu = cpu.snapshot();
            var reportWal = activity.snapshot();
            double reportP95 = Double.NaN;
            Map<String, Double> reportP95s = new LinkedHashMap<>();
            for (String path : List.of("/api/reports/poverty", "/api/reports/coverage", "/api/reports/loans")) {
                QueryChecks.ReportLatency latency = queries.reportLatency(path, options.reportRequests(), random);
                double p95 = Figures.percentileMs(latency.micros(), 95);
                out.printf(
                        "  %-22s p50 %7.1f ms  p95 %7.1f ms  p99 %7.1f ms  max %7.1f ms  errors %d%n",
                        path,
                        Figures.percentileMs(latency.micros(), 50),
                        p95,
                        Figures.percentileMs(latency.micros(), 99),
                        Figures.maxMs(latency.micros()),
                        latency.errors());
                reportP95s.put(path.substring(path.lastIndexOf('/') + 1), p95);
                reportP95 = Double.isNaN(reportP95) ? p95 : Math.max(reportP95, p95);
            }
            out.println("  " + CpuMeter.describe(reportCpu, cpu.snapshot()));
            printActivity(PgActivity.describe(reportWal, activity.snapshot()));
            statements.print("the reports", 10);
            heapSampler.shutdownNow();

            // 8. the figures
            figures.put("commandsPerSecond", Figures.round(closed.perSecond(), 1));
            figures.put("commandP50Ms", Figures.percentileMs(closed.latencyMicros(), 50));
            figures.put("commandP95Ms", Figures.percentileMs(closed.latencyMicros(), 95));
            figures.put("commandP99Ms", Figures.percentileMs(closed.latencyMicros(), 99));
            figures.put("commandMaxMs", Figures.maxMs(closed.latencyMicros()));
            figures.put("commandErrors", closed.errors());
            figures.put("commandEventsPerCommand", Figures.ratio(closed.eventsAppended(), closed.sent()));
            figures.put("commandRatio", Figures.ratio(closed.perSecond(), insertLimit));
            figures.put("openLoopRate", options.rate());
            figures.put("openLoopCommandsPerSecond", Figures.round(open.perSecond(), 1));
            figures.put("openLoopP50Ms", Figures.percentileMs(open.latencyMicros(), 50));
            figures.put("openLoopP95Ms", Figures.percentileMs(open.latencyMicros(), 95));
            figures.put("openLoopP99Ms", Figures.percentileMs(open.latencyMicros(), 99));
            figures.put("openLoopMaxMs", Figures.maxMs(open.latencyMicros()));
            figures.put("openLoopErrors", open.errors());
            figures.put("projectionLagP50Ms", Figures.percentileMs(lag[0].micros(), 50));
            figures.put("projectionLagP99Ms", Figures.percentileMs(lag[0].micros(), 99));
            figures.put("projectionLagMaxMs", Figures.maxMs(lag[0].micros()));
            figures.put("projectionLagSamples", lag[0].samples());
            figures.put("replayEventsPerSecond", Math.round(rebuild.eventsPerSecond()));
            figures.put("replaySeconds", Figures.round(rebuild.took().toNanos() / 1e9, 1));
            figures.put(
                    "replayCpuMicrosPerEvent", Figures.round(replayCpu.getOrDefault(CpuMeter.MACHINE, Double.NaN), 1));
            figures.put(
                    "replayPostgresCpuMicrosPerEvent", Figures.round(replayCpu.getOrDefault(POSTGRES, Double.NaN), 1));
            figures.put(
                    "replayQuerySideCpuMicrosPerEvent",
                    Figures.round(replayCpu.getOrDefault("query-side", Double.NaN), 1));
            figures.put(
                    "replayRatio",
                    Figures.ratio(
                            rebuild.eventsPerSecond(), ((Number) figures.get("pgReadLimitPerSecond")).doubleValue()));
            figures.put("reportP95Ms", reportP95);
            reportP95s.forEach((name, p95) -> figures.put(name + "ReportP95Ms", p95));
            figures.put("events", pg.eventCount());
            figures.put("generatedEvents", generatedEvents);
            figures.put("households", options.households());
            figures.put("communes", options.communes());
            figures.put("generatorImportBatch", options.importBatch());
            figures.put("generatorSeconds", Figures.round(generatorSeconds, 1));
            figures.put("generatorEventsPerSecond", Math.round(generatedEvents / generatorSeconds));
            figures.put("generatorErrors", generated.errors());
            figures.put("generatorRefused", generated.refused());
            figures.put("commandSideHeapMaxMb", commandHeap.get() < 0 ? Double.NaN : commandHeap.get() >> 20);
            figures.put("querySideHeapMaxMb", queryHeap.get() < 0 ? Double.NaN : queryHeap.get() >> 20);
            figures.put("heap", options.heap());
            figures.put(
                    "appsAlive", command.process().isAlive() && query.process().isAlive());
            figures.put("clients", options.clients());
            figures.put("durationSeconds", options.duration().toSeconds());
            figures.put("pgDurationSeconds", options.pgDuration().toSeconds());
            figures.put("seed", options.seed());
            figures.put("database", options.embeddedDatabase() ? "embedded PostgreSQL 17" : "external");
            figures.put("pgConfig", new TreeMap<>(options.pgConfig()).toString());
            figures.put("cores", Runtime.getRuntime().availableProcessors());
            figures.put("totalSeconds", Math.round((System.nanoTime() - runStart) / 1e9));

            section("Figures against the issue's targets (this machine, apps and database on the same box)");
            for (String line : Figures.table(figures, Figures.targets(Figures.heapMb(options.heap())))) {
                out.println(line);
            }
            out.println("Open loop at " + options.rate() + "/s: " + figures.get("openLoopCommandsPerSecond")
                    + " commands/s, p50 " + figures.get("openLoopP50Ms") + " ms, p99 " + figures.get("openLoopP99Ms")
                    + " ms, max " + figures.get("openLoopMaxMs") + " ms (latency from the intended send time), "
                    + figures.get("openLoopErrors") + " errors");
            stop();
            printWhereOutputIs();
            out.println(Figures.benchLine(figures));
        } finally {
            heapSampler.shutdownNow();
            http.close();
        }
    }

    /**
     * Closed-loop load for {@code --warm-up} before the measured phases, not counted: a sustained rate is the rate of
     * compiled code, not of class loading and the JIT compiler (on this project's 2-core machines the command side's
     * compiler threads were busy for about 100 s of load: a sixth of its CPU 60 s in, 1% after 120 s). The CPU line
     * shows the compiler's share of the last part of the warm-up, so a reader can see whether it was long enough.
     */
    private void warmUp(CommandLoad load, CpuMeter cpu) throws Exception {
        Duration tail = options.warmUp().dividedBy(4);
        CommandLoad.Phase first =
                load.closedLoop("warm-up", options.clients(), options.warmUp().minus(tail));
        var tailCpu = cpu.snapshot();
        CommandLoad.Phase last = load.closedLoop("warm-up", options.clients(), tail);
        out.printf(
                "  warm-up (not counted): %,d commands ok in %.1f s, %,.1f commands/s in its last quarter, %d errors%n",
                first.ok() + last.ok(),
                (first.took().toNanos() + last.took().toNanos()) / 1e9,
                last.perSecond(),
                first.errors() + last.errors());
        out.println("  its last quarter: " + CpuMeter.describe(tailCpu, cpu.snapshot()));
    }

    private void printPhase(CommandLoad.Phase phase) {
        out.printf(
                "  %s: %,d commands ok in %.1f s = %,.1f commands/s; latency p50 %.1f ms, p95 %.1f ms, p99 %.1f ms,"
                        + " max %.1f ms; %d errors; %,d events appended (%.2f per command sent)%n",
                phase.name(),
                phase.ok(),
                phase.took().toNanos() / 1e9,
                phase.perSecond(),
                Figures.percentileMs(phase.latencyMicros(), 50),
                Figures.percentileMs(phase.latencyMicros(), 95),
                Figures.percentileMs(phase.latencyMicros(), 99),
                Figures.maxMs(phase.latencyMicros()),
                phase.errors(),
                phase.eventsAppended(),
                phase.sent() == 0 ? 0.0 : (double) phase.eventsAppended() / phase.sent());
    }

    private void printTop() {
        try {
            Process top = new ProcessBuilder("top", "-b", "-n1", "-w", "160")
                    .redirectErrorStream(true)
                    .start();
            List<String> lines = new String(top.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .toList();
            top.waitFor(5, TimeUnit.SECONDS);
            out.println("  top -b -n1 at half-time:");
            lines.stream().limit(16).forEach(line -> out.println("    " + line));
        } catch (IOException | InterruptedException e) {
            out.println("  (top not available: " + e.getMessage() + ")");
        }
    }

    private void printWhereOutputIs() {
        out.println("Output written to " + root.relativize(report) + " (app logs in " + root.relativize(logs) + ")");
    }

    /** One measurement of single-row insert transactions per second with the run's number of clients. */
    private double rawInserts(PgLimits pg, CpuMeter cpu) throws Exception {
        var insertCpu = cpu.snapshot();
        PgLimits.InsertLimit inserts = pg.insertLimit(options.clients(), options.pgDuration(), 400, 300);
        out.printf(
                "  %,.0f inserts/s (%,d rows in %.1f s, %d connections, autocommit, payload 400 B + metadata 300 B)%n",
                inserts.perSecond(), inserts.rows(), inserts.took().toNanos() / 1e9, inserts.clients());
        out.println("  " + CpuMeter.describe(insertCpu, cpu.snapshot()));
        return inserts.perSecond();
    }

    private void printActivity(String line) {
        if (!line.isEmpty()) {
            out.println("  " + line);
        }
    }

    private void section(String title) {
        out.println();
        out.println("== " + title);
    }

    // ------------------------------------------------------------------------------------------------------------
    // PostgreSQL and the apps

    private String startEmbeddedPostgres() throws Exception {
        postgresData = Files.createTempDirectory("bench-postgres-");
        Path log = logs.resolve("postgres.log");
        ProcessBuilder.Redirect toLog = ProcessBuilder.Redirect.appendTo(log.toFile());
        out.println("Starting an embedded PostgreSQL 17 (data in " + postgresData + ", removed afterwards; log in "
                + root.relativize(log) + ")");
        synchronized (this) {
            if (stopped.get()) {
                throw new IllegalStateException("stopped");
            }
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(postgresData)
                    .setCleanDataDirectory(true)
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // durability as in production: the embedded defaults turn these off for tests
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    // sizes only: room for the apps' pools and the benchmark's connections, a cache for the data set
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("shared_buffers", "512MB")
                    // checkpoints far enough apart that a bulk load does not write every page it touches to the WAL
                    // again after each one: with the default 1GB the province's generation ran 145 checkpoints and
                    // wrote 80 GB of WAL, most of it full-page images (design notes: "The WAL of a bulk load")
                    .setServerConfig("max_wal_size", "4GB")
                    .setServerConfig("checkpoint_timeout", "15min")
                    .setServerConfig("shared_preload_libraries", options.pgStatements() ? "pg_stat_statements" : "");
            options.pgConfig().forEach(builder::setServerConfig);
            postgres =
                    builder.setOutputRedirector(toLog).setErrorRedirector(toLog).start();
        }
        String adminUrl = postgres.getJdbcUrl("postgres", "postgres");
        try (Connection connection = DriverManager.getConnection(adminUrl, "postgres", "postgres");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + DATABASE + " ENCODING 'UTF8'");
        }
        return postgres.getJdbcUrl("postgres", DATABASE);
    }

    private long postmasterPid() {
        Path data = postgresData;
        if (data == null) {
            return -1;
        }
        try {
            return Long.parseLong(
                    Files.readAllLines(data.resolve("postmaster.pid")).get(0).strip());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private Child startChild(
            String name,
            Path jar,
            String jdbcUrl,
            String dbUser,
            String dbPassword,
            Tokens tokens,
            Map<String, String> extra)
            throws IOException {
        int port = freePort();
        Path log = logs.resolve(name + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(
                        java, "-Xmx" + options.heap(), "-XX:+ExitOnOutOfMemoryError", "-jar", jar.toString())
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        Map<String, String> environment = builder.environment();
        environment.put("SERVER_PORT", Integer.toString(port));
        environment.put("SPRING_DATASOURCE_URL", jdbcUrl);
        environment.put("SPRING_DATASOURCE_USERNAME", dbUser);
        environment.put("SPRING_DATASOURCE_PASSWORD", dbPassword);
        environment.put("POVERTY_SECURITY_JWT_HMAC_SECRET", tokens.secret);
        environment.remove("POVERTY_USERS_FILE");
        if (extra != null) {
            environment.putAll(extra);
        }
        synchronized (children) {
            if (stopped.get()) {
                throw new IllegalStateException("stopped");
            }
            Child child = new Child(name, builder.start(), port, log);
            children.add(child);
            out.println("Started the " + name + " on port " + port + " (pid "
                    + child.process().pid() + ", -Xmx" + options.heap() + ", log " + root.relativize(log) + ")");
            return child;
        }
    }

    private void awaitHealthy(Http http, Child child, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!child.process().isAlive()) {
                throw new IllegalStateException("the " + child.name() + " stopped during startup, exit code "
                        + child.process().exitValue());
            }
            try {
                Http.Reply reply = http.send(
                        Http.getRequest(child.url() + "/actuator/health", null).withTimeout(Duration.ofSeconds(5)));
                if (reply.status() == 200 && reply.text().contains("\"UP\"")) {
                    out.println("The " + child.name() + " is UP");
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the " + child.name() + " was not UP within " + timeout);
    }

    private void printAppLogTails() {
        for (Child child : List.copyOf(children)) {
            try {
                List<String> lines = Files.readAllLines(child.log(), StandardCharsets.UTF_8);
                out.println("Last lines of " + child.log() + ":");
                lines.subList(Math.max(0, lines.size() - 25), lines.size()).forEach(line -> out.println("  " + line));
            } catch (IOException | RuntimeException e) {
                out.println("(cannot read " + child.log() + ")");
            }
        }
    }

    /** Stops the apps (politely, then forcibly) and the embedded database, once. */
    private void stop() {
        List<Child> started;
        synchronized (children) {
            if (stopped.getAndSet(true)) {
                return;
            }
            started = List.copyOf(children);
        }
        for (Child child : started) {
            child.process().destroy();
        }
        for (Child child : started) {
            try {
                if (!child.process().waitFor(30, TimeUnit.SECONDS)) {
                    child.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                child.process().destroyForcibly();
            }
        }
        if (!started.isEmpty()) {
            out.println("Stopped the apps.");
        }
        synchronized (this) {
            EmbeddedPostgres database = postgres;
            if (database != null) {
                try {
                    database.close();
                    out.println("Stopped PostgreSQL and removed its data.");
                } catch (IOException e) {
                    out.println("Could not stop PostgreSQL cleanly: " + e.getMessage());
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------------

    static Path findProjectRoot(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("command-side"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "cannot find the project: no folder from " + start + " upwards has pom.xml and command-side/");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
