package vn.poverty.benchmark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Pure computations of the report: percentiles, ratios, the targets table and the {@code BENCH} line. */
final class Figures {

    static final String BENCH_PREFIX = "BENCH ";

    /** The keys the {@code BENCH} line always has (the list, then the context). */
    static final List<String> REQUIRED_KEYS = List.of(
            "commandsPerSecond",
            "commandP99Ms",
            "pgInsertLimitPerSecond",
            "commandRatio",
            "projectionLagP99Ms",
            "replayEventsPerSecond",
            "pgReadLimitPerSecond",
            "replayRatio",
            "reportP95Ms",
            "events",
            "households",
            "communes",
            "commandSideHeapMaxMb",
            "querySideHeapMaxMb");

    private Figures() {}

    /** The latency at a percentile (0..100) of a histogram of microseconds, in milliseconds (0.01 ms); NaN if empty. */
    static double percentileMs(Histogram micros, double percentile) {
        if (micros == null || micros.getTotalCount() == 0) {
            return Double.NaN;
        }
        return round(micros.getValueAtPercentile(percentile) / 1000.0, 2);
    }

    static double maxMs(Histogram micros) {
        if (micros == null || micros.getTotalCount() == 0) {
            return Double.NaN;
        }
        return round(micros.getMaxValue() / 1000.0, 2);
    }

    /** {@code numerator / denominator} to 4 decimals; NaN when either is unknown or the denominator is not positive. */
    static double ratio(double numerator, double denominator) {
        if (Double.isNaN(numerator) || Double.isNaN(denominator) || denominator <= 0) {
            return Double.NaN;
        }
        return round(numerator / denominator, 4);
    }

    static double round(double value, int decimals) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return value;
        }
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    /** The last line: {@code BENCH } and one JSON object; NaN and infinities become null. */
    static String benchLine(Map<String, Object> figures) {
        Map<String, Object> clean = new LinkedHashMap<>();
        figures.forEach((key, value) -> {
            if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
                clean.put(key, null);
            } else {
                clean.put(key, value);
            }
        });
        try {
            return BENCH_PREFIX + Http.JSON.writeValueAsString(clean);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses a {@code BENCH} line back (for tests and tools). */
    static JsonNode parseBenchLine(String line) {
        if (!line.startsWith(BENCH_PREFIX)) {
            throw new IllegalArgumentException("not a BENCH line: " + line);
        }
        try {
            JsonNode node = Http.JSON.readTree(line.substring(BENCH_PREFIX.length()));
            if (!node.isObject()) {
                throw new IllegalArgumentException("BENCH is not followed by a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("BENCH is not followed by JSON: " + e.getMessage(), e);
        }
    }

    /** The rebuild rate the issue asks for, events per second. */
    static final double REPLAY_TARGET_PER_SECOND = 25_000;

    /**
     * The rebuild's CPU per replayed event, per process group and for the whole machine, beside what the target rate
     * leaves for everything on {@code cores} cores ({@code cores} seconds of CPU a second, shared by the events).
     */
    static String replayCpuLine(Map<String, Double> microsPerEvent, int cores) {
        if (microsPerEvent.isEmpty()) {
            return "CPU per replayed event: none measured (no events)";
        }
        StringBuilder line = new StringBuilder("CPU per replayed event:");
        microsPerEvent.forEach((group, micros) -> {
            if (!group.equals(CpuMeter.MACHINE)) {
                line.append(String.format(Locale.ROOT, " %s %.1f µs,", group, micros));
            }
        });
        if (line.charAt(line.length() - 1) == ',') {
            line.setLength(line.length() - 1);
        }
        line.append(String.format(
                Locale.ROOT,
                "; the whole machine %.1f µs (%,.0f events/s on %d cores leave %.1f µs for everything)",
                microsPerEvent.getOrDefault(CpuMeter.MACHINE, Double.NaN),
                REPLAY_TARGET_PER_SECOND,
                cores,
                cores * 1e6 / REPLAY_TARGET_PER_SECOND));
        return line.toString();
    }

    /**
     * The rebuild's row writes against the raw batched inserts measured before it: {@code rows} inserted, updated or
     * deleted ({@code -1}: not measured) for {@code events} replayed events; what writing them would cost PostgreSQL
     * at the raw measurement's CPU per row, beside what it spent per event; and the rebuild rate that writing them at
     * the raw rate, with nothing else to do, would allow — a ceiling no tuning of the application passes.
     */
    record RebuildWrites(
            long rows, long events, double rawRowsPerSecond, double rawPgMicrosPerRow, double pgMicrosPerEvent) {

        double rowsPerEvent() {
            return rows < 0 || events <= 0 ? Double.NaN : (double) rows / events;
        }

        /** Events per second if the rows were written at the raw batched rate and nothing else were done. */
        double ceilingPerSecond() {
            double perEvent = rowsPerEvent();
            return Double.isNaN(perEvent) || perEvent <= 0 || Double.isNaN(rawRowsPerSecond)
                    ? Double.NaN
                    : rawRowsPerSecond / perEvent;
        }

        String line() {
            if (Double.isNaN(rowsPerEvent())) {
                return "PostgreSQL's row writes in the rebuild: not measured (pg_stat_user_tables not readable)";
            }
            return String.format(
                    Locale.ROOT,
                    "PostgreSQL's row writes in the rebuild: %,d rows inserted, updated or deleted, %.2f an event; at"
                            + " the raw batched inserts' %.1f µs of PostgreSQL's CPU a row they would cost %.1f of its"
                            + " %.1f µs an event (the rest: reading the store, the tallies' reads, statements,"
                            + " commits); written at the raw batched rate (%,.0f rows/s) with nothing else to do they"
                            + " would allow at most %,.0f events/s",
                    rows,
                    rowsPerEvent(),
                    rawPgMicrosPerRow,
                    rowsPerEvent() * rawPgMicrosPerRow,
                    pgMicrosPerEvent,
                    rawRowsPerSecond,
                    ceilingPerSecond());
        }
    }

    /** Rows written per table between two readings of the counters, largest first, tables with none left out. */
    static Map<String, Long> rowsWritten(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> written = new LinkedHashMap<>();
        if (before.isEmpty() || after.isEmpty()) {
            return written;
        }
        after.entrySet().stream()
                .map(table -> Map.entry(table.getKey(), table.getValue() - before.getOrDefault(table.getKey(), 0L)))
                .filter(table -> table.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(table -> written.put(table.getKey(), table.getValue()));
        return written;
    }

    /** The first {@code limit} tables of {@link #rowsWritten} with their rows per event. */
    static String rowsPerEventLine(Map<String, Long> rowsByTable, long events, int limit) {
        if (rowsByTable.isEmpty() || events <= 0) {
            return "rows written per replayed event, by table: not measured";
        }
        StringBuilder line = new StringBuilder("rows written per replayed event, by table:");
        rowsByTable.entrySet().stream()
                .limit(limit)
                .forEach(table -> line.append(
                        String.format(Locale.ROOT, " %s %.3f,", table.getKey(), (double) table.getValue() / events)));
        line.setLength(line.length() - 1);
        if (rowsByTable.size() > limit) {
            line.append(" (").append(rowsByTable.size() - limit).append(" more)");
        }
        return line.toString();
    }

    /** A target of the issue: at least or at most {@code target}. */
    record Target(String figure, String key, boolean atLeast, double target, String unit) {
        Boolean met(double value) {
            if (Double.isNaN(value)) {
                return null;
            }
            return atLeast ? value >= target : value <= target;
        }
    }

    /** The targets for this 2-core machine. */
    static List<Target> targets(String heapLimitMb) {
        double heap = Double.parseDouble(heapLimitMb);
        return List.of(
                new Target("commands/s (closed loop)", "commandsPerSecond", true, 1_500, "/s"),
                new Target("command p99 (closed loop)", "commandP99Ms", false, 50, "ms"),
                new Target("commandRatio (commands/s / raw inserts/s)", "commandRatio", true, 0.15, ""),
                new Target("projection lag p99 (open loop)", "projectionLagP99Ms", false, 1_000, "ms"),
                new Target("rebuild events/s", "replayEventsPerSecond", true, REPLAY_TARGET_PER_SECOND, "/s"),
                new Target("replayRatio (replay / raw read rate)", "replayRatio", true, 0.05, ""),
                new Target("report p95 (max of the three)", "reportP95Ms", false, 200, "ms"),
                new Target("command side heap max", "commandSideHeapMaxMb", false, heap, "MB"),
                new Target("query side heap max", "querySideHeapMaxMb", false, heap, "MB"),
                new Target("events in the store (data set size)", "events", true, 5_000_000, ""));
    }

    /** The human table: figure, value, target, value / target, met. */
    static List<String> table(Map<String, Object> figures, List<Target> targets) {
        List<String> lines = new ArrayList<>();
        String format = "%-44s %14s %14s %10s  %s";
        lines.add(String.format(Locale.ROOT, format, "figure", "value", "target", "vs target", "met"));
        lines.add("-".repeat(96));
        for (Target target : targets) {
            Object raw = figures.get(target.key());
            double value = raw instanceof Number n ? n.doubleValue() : Double.NaN;
            Boolean met = target.met(value);
            double versus = target.atLeast() ? ratio(value, target.target()) : ratio(target.target(), value);
            lines.add(String.format(
                    Locale.ROOT,
                    format,
                    target.figure(),
                    number(value) + (target.unit().isEmpty() || Double.isNaN(value) ? "" : " " + target.unit()),
                    (target.atLeast() ? ">= " : "<= ") + number(target.target()),
                    Double.isNaN(versus) ? "-" : String.format(Locale.ROOT, "%.2fx", versus),
                    met == null ? "n/a" : met ? "met" : "NOT met"));
        }
        return lines;
    }

    static String number(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        if (value == Math.rint(value) && Math.abs(value) >= 1) {
            return String.format(Locale.ROOT, "%,d", (long) value);
        }
        if (Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (Math.abs(value) >= 1) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.4f", value);
    }

    /** {@code 512m} -> 512, {@code 1g} -> 1024, {@code 524288k} -> 512, a bare number is bytes. */
    static String heapMb(String heap) {
        String value = heap.toLowerCase(Locale.ROOT);
        long number = Long.parseLong(value.replaceAll("[kmg]$", ""));
        long mb = switch (value.charAt(value.length() - 1)) {
            case 'g' -> number * 1024;
            case 'm' -> number;
            case 'k' -> number / 1024;
            default -> number / (1024 * 1024);
        };
        return Long.toString(mb);
    }
}
