package vn.poverty.benchmark;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The benchmark's command line: sizes, durations and the database to use. */
record BenchOptions(
        int households,
        int communes,
        Duration duration,
        Duration pgDuration,
        Duration warmUp,
        int clients,
        int rate,
        String dbUrl,
        String dbUser,
        String dbPassword,
        String heap,
        long seed,
        int reportRequests,
        int lagSampleEvery,
        int importBatch,
        boolean pgStatements,
        Map<String, String> pgConfig) {

    /** What the benchmark sets for durability as in production; {@code --pg-config} may not change them. */
    static final Set<String> DURABILITY_SETTINGS = Set.of("fsync", "synchronous_commit", "full_page_writes");

    static final int DEFAULT_HOUSEHOLDS = 2_000;
    static final int DEFAULT_COMMUNES = 100;
    static final Duration DEFAULT_DURATION = Duration.ofSeconds(30);
    static final Duration DEFAULT_PG_DURATION = Duration.ofSeconds(10);
    static final Duration DEFAULT_WARM_UP = Duration.ofSeconds(120);
    static final int DEFAULT_CLIENTS = 16;
    static final int DEFAULT_RATE = 1_000;
    static final String DEFAULT_HEAP = "512m";
    static final long DEFAULT_SEED = 20_260_101L;
    static final int DEFAULT_REPORT_REQUESTS = 100;
    static final int DEFAULT_LAG_SAMPLE_EVERY = 50;
    static final int DEFAULT_IMPORT_BATCH = 100;

    static final String USAGE = """
            Usage: ./bench.sh [options]   (or java -jar benchmark/target/benchmark.jar [options])
              --households N      households of the generated province (default 2000; the issue's scale is 500000)
              --communes N        communes of the province (default 100, at least 2)
              --duration D        length of each command load phase, closed- and open-loop (default 30s; e.g. 90s, 2m)
              --pg-duration D     length of the raw PostgreSQL insert measurement (default 10s)
              --warm-up D         closed-loop load before the measured command phases, not counted, so that they
                                  do not measure class loading and the JIT compiler (default 2m)
              --clients N         concurrent clients: generator, closed-loop load, raw inserts (default 16)
              --rate R            open-loop command rate per second (default 1000)
              --report-requests N requests per report (poverty, coverage, loans) for the report latency (default 100)
              --lag-sample N      measure the projection lag of every N-th open-loop command (default 50)
              --import-batch N    households per bulk import request (POST /api/imports/households, one transaction
                                  each; default 100, at most 1000); 0 writes the province through the single
                                  endpoints, one request per command
              --heap SIZE         -Xmx of each app (default 512m)
              --pg-config N=V     a setting of the embedded PostgreSQL, e.g. max_wal_size=4GB (repeatable; not fsync,
                                  synchronous_commit or full_page_writes, which stay on)
              --pg-statements     print PostgreSQL's top statements by execution time after the command, rebuild
                                  and report phases (pg_stat_statements; embedded database only)
              --seed S            seed of the generated province (default 20260101)
              --db-url URL        an existing (empty) PostgreSQL database, e.g. jdbc:postgresql://host:5432/bench;
                                  without it an embedded PostgreSQL 17 runs in a temporary folder, removed afterwards
              --db-user U         user for --db-url (default postgres)
              --db-password P     password for --db-url (default empty)
              -h, --help          this text
            Needs the packaged apps: command-side/target/command-side-exec.jar, query-side/target/query-side-exec.jar.
            Prints a table of figures and, as its last line, BENCH {json}; the output is also written to
            benchmark/target/bench-<timestamp>.txt.""";

    /** A bad command line; the message (if any) is printed before the usage. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    static BenchOptions defaults() {
        return parse(new String[0]);
    }

    static BenchOptions parse(String[] args) {
        int households = DEFAULT_HOUSEHOLDS;
        int communes = DEFAULT_COMMUNES;
        Duration duration = DEFAULT_DURATION;
        Duration pgDuration = DEFAULT_PG_DURATION;
        Duration warmUp = DEFAULT_WARM_UP;
        int clients = DEFAULT_CLIENTS;
        int rate = DEFAULT_RATE;
        String dbUrl = null;
        String dbUser = "postgres";
        String dbPassword = "";
        String heap = DEFAULT_HEAP;
        long seed = DEFAULT_SEED;
        int reportRequests = DEFAULT_REPORT_REQUESTS;
        int lagSampleEvery = DEFAULT_LAG_SAMPLE_EVERY;
        int importBatch = DEFAULT_IMPORT_BATCH;
        boolean pgStatements = false;
        Map<String, String> pgConfig = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            String inline = null;
            int eq = option.indexOf('=');
            if (option.startsWith("--") && eq > 0) {
                inline = option.substring(eq + 1);
                option = option.substring(0, eq);
            }
            switch (option) {
                case "-h", "--help" -> throw new UsageException(null);
                case "--households" ->
                    households = positiveInt(option, inline != null ? inline : value(args, ++i, option), 1);
                case "--communes" ->
                    communes = positiveInt(option, inline != null ? inline : value(args, ++i, option), 2);
                case "--duration" -> duration = duration(option, inline != null ? inline : value(args, ++i, option));
                case "--pg-duration" ->
                    pgDuration = duration(option, inline != null ? inline : value(args, ++i, option));
                case "--warm-up" -> warmUp = duration(option, inline != null ? inline : value(args, ++i, option));
                case "--clients" ->
                    clients = positiveInt(option, inline != null ? inline : value(args, ++i, option), 1);
                case "--rate" -> rate = positiveInt(option, inline != null ? inline : value(args, ++i, option), 1);
                case "--report-requests" ->
                    reportRequests = positiveInt(option, inline != null ? inline : value(args, ++i, option), 1);
                case "--lag-sample" ->
                    lagSampleEvery = positiveInt(option, inline != null ? inline : value(args, ++i, option), 1);
                case "--import-batch" -> {
                    importBatch = (int) parseLong(option, inline != null ? inline : value(args, ++i, option));
                    if (importBatch < 0 || importBatch > 1_000) {
                        throw new UsageException(option + " must be 0 to 1000, not " + importBatch);
                    }
                }
                case "--pg-statements" -> pgStatements = true;
                case "--pg-config" -> {
                    String setting = inline != null ? inline : value(args, ++i, option);
                    int equals = setting.indexOf('=');
                    String name = equals > 0 ? setting.substring(0, equals).strip() : "";
                    if (!name.matches("[a-z_][a-z0-9_.]*") || equals == setting.length() - 1) {
                        throw new UsageException(
                                "--pg-config needs NAME=VALUE (e.g. max_wal_size=4GB), not '" + setting + "'");
                    }
                    if (DURABILITY_SETTINGS.contains(name)) {
                        throw new UsageException("--pg-config may not change " + name
                                + ": the benchmark measures durable commits, as in production");
                    }
                    pgConfig.put(name, setting.substring(equals + 1).strip());
                }
                case "--heap" -> heap = heap(inline != null ? inline : value(args, ++i, option));
                case "--seed" -> seed = parseLong(option, inline != null ? inline : value(args, ++i, option));
                case "--db-url" -> dbUrl = jdbcUrl(inline != null ? inline : value(args, ++i, option));
                case "--db-user" -> dbUser = inline != null ? inline : value(args, ++i, option);
                case "--db-password" -> dbPassword = inline != null ? inline : value(args, ++i, option);
                default -> throw new UsageException("Unknown option " + args[i]);
            }
        }
        if (pgStatements && dbUrl != null) {
            throw new UsageException("--pg-statements needs the embedded database (no --db-url)");
        }
        if (!pgConfig.isEmpty() && dbUrl != null) {
            throw new UsageException("--pg-config needs the embedded database (no --db-url)");
        }
        return new BenchOptions(
                households,
                communes,
                duration,
                pgDuration,
                warmUp,
                clients,
                rate,
                dbUrl,
                dbUser,
                dbPassword,
                heap,
                seed,
                reportRequests,
                lagSampleEvery,
                importBatch,
                pgStatements,
                Map.copyOf(pgConfig));
    }

    boolean embeddedDatabase() {
        return dbUrl == null;
    }

    /** Parses {@code 30}, {@code 30s}, {@code 500ms}, {@code 2m}, {@code 1h} (a bare number means seconds). */
    static Duration parseDuration(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            }
            if (value.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(value.substring(0, value.length() - 1)) * 1000));
            }
            if (value.endsWith("m")) {
                return Duration.ofSeconds(Math.round(Double.parseDouble(value.substring(0, value.length() - 1)) * 60));
            }
            if (value.endsWith("h")) {
                return Duration.ofSeconds(
                        Math.round(Double.parseDouble(value.substring(0, value.length() - 1)) * 3600));
            }
            return Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (e.g. 30s, 500ms, 2m)");
        }
    }

    private static Duration duration(String option, String text) {
        Duration duration;
        try {
            duration = parseDuration(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + ": " + e.getMessage());
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new UsageException(option + " must be positive");
        }
        return duration;
    }

    private static String heap(String text) {
        if (!text.matches("\\d+[kKmMgG]?")) {
            throw new UsageException("--heap must look like 512m or 1g, not '" + text + "'");
        }
        return text;
    }

    private static String jdbcUrl(String text) {
        if (!text.startsWith("jdbc:postgresql:")) {
            throw new UsageException("--db-url must be a jdbc:postgresql: URL, not '" + text + "'");
        }
        return text;
    }

    private static int positiveInt(String option, String text, int minimum) {
        long value = parseLong(option, text);
        if (value < minimum || value > Integer.MAX_VALUE) {
            throw new UsageException(option + " must be at least " + minimum + ", not " + text);
        }
        return (int) value;
    }

    private static long parseLong(String option, String text) {
        try {
            return Long.parseLong(text.strip().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException(option + " needs a number, not '" + text + "'");
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }
}
