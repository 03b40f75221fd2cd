package vn.poverty.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class FiguresTest {

    @Test
    void percentilesOfMicrosecondsInMilliseconds() {
        Histogram micros = new Histogram(3);
        for (int ms = 1; ms <= 100; ms++) {
            micros.recordValue(ms * 1_000L);
        }

        assertThat(Figures.percentileMs(micros, 50)).isCloseTo(50.0, org.assertj.core.data.Offset.offset(0.1));
        assertThat(Figures.percentileMs(micros, 99)).isCloseTo(99.0, org.assertj.core.data.Offset.offset(0.1));
        assertThat(Figures.maxMs(micros)).isCloseTo(100.0, org.assertj.core.data.Offset.offset(0.1));
        assertThat(Figures.percentileMs(new Histogram(3), 99)).isNaN();
    }

    @Test
    void ratiosAreRoundedAndUnknownWithoutADenominator() {
        assertThat(Figures.ratio(1_500, 10_000)).isEqualTo(0.15);
        assertThat(Figures.ratio(1, 3)).isEqualTo(0.3333);
        assertThat(Figures.ratio(5, 0)).isNaN();
        assertThat(Figures.ratio(Double.NaN, 4)).isNaN();
    }

    @Test
    void theBenchLineIsOneLineOfJsonWithNullForUnknowns() {
        Map<String, Object> figures = new LinkedHashMap<>();
        for (String key : Figures.REQUIRED_KEYS) {
            figures.put(key, 1.5);
        }
        figures.put("events", 123L);
        figures.put("projectionLagP99Ms", Double.NaN);
        figures.put("database", "embedded PostgreSQL 17");

        String line = Figures.benchLine(figures);

        assertThat(line).startsWith("BENCH {").doesNotContain("\n").doesNotContain("NaN");
        JsonNode json = Figures.parseBenchLine(line);
        for (String key : Figures.REQUIRED_KEYS) {
            assertThat(json.has(key)).as(key).isTrue();
        }
        assertThat(json.get("events").asLong()).isEqualTo(123);
        assertThat(json.get("projectionLagP99Ms").isNull()).isTrue();
        assertThat(json.get("commandsPerSecond").asDouble()).isEqualTo(1.5);
        assertThatThrownBy(() -> Figures.parseBenchLine("BENCH [1]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Figures.parseBenchLine("RESULT {}")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theTableComparesEachFigureWithItsTarget() {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("commandsPerSecond", 1_600.0);
        figures.put("commandP99Ms", 80.0);
        figures.put("reportP95Ms", Double.NaN);

        List<String> table = Figures.table(figures, Figures.targets("512"));

        assertThat(table.get(0)).contains("figure", "value", "target", "met");
        assertThat(row(table, "commands/s"))
                .contains("1,600", ">= 1,500", "1.07x")
                .endsWith("met");
        assertThat(row(table, "command p99"))
                .contains("80 ms", "<= 50", "0.63x")
                .endsWith("NOT met");
        assertThat(row(table, "report p95")).endsWith("n/a");
    }

    @Test
    void heapSizesInMegabytes() {
        assertThat(Figures.heapMb("512m")).isEqualTo("512");
        assertThat(Figures.heapMb("1g")).isEqualTo("1024");
        assertThat(Figures.heapMb("524288k")).isEqualTo("512");
    }

    private static String row(List<String> table, String figure) {
        return table.stream()
                .filter(line -> line.startsWith(figure))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void theReplaysCpuPerEventBesideWhatTheTargetRateLeaves() {
        Map<String, Double> micros = new LinkedHashMap<>();
        micros.put("postgres", 96.04);
        micros.put("query-side", 94.0);
        micros.put(CpuMeter.MACHINE, 216.0);

        assertThat(Figures.replayCpuLine(micros, 2))
                .isEqualTo("CPU per replayed event: postgres 96.0 µs, query-side 94.0 µs; the whole machine 216.0 µs"
                        + " (25,000 events/s on 2 cores leave 80.0 µs for everything)");
        assertThat(Figures.replayCpuLine(Map.of(), 2)).isEqualTo("CPU per replayed event: none measured (no events)");
    }

    @Test
    void theRebuildsRowWritesAgainstTheRawBatchedInserts() {
        var writes = new Figures.RebuildWrites(540_000, 300_000, 45_000, 20.0, 95.0);

        assertThat(writes.rowsPerEvent()).isEqualTo(1.8);
        assertThat(writes.ceilingPerSecond()).isEqualTo(25_000.0);
        assertThat(writes.line())
                .isEqualTo("PostgreSQL's row writes in the rebuild: 540,000 rows inserted, updated or deleted, 1.80 an"
                        + " event; at the raw batched inserts' 20.0 µs of PostgreSQL's CPU a row they would cost 36.0"
                        + " of its 95.0 µs an event (the rest: reading the store, the tallies' reads, statements,"
                        + " commits); written at the raw batched rate (45,000 rows/s) with nothing else to do they"
                        + " would allow at most 25,000 events/s");
    }

    @Test
    void theRebuildsRowWritesUnknownWithoutTheServersCounts() {
        var unknown = new Figures.RebuildWrites(-1, 300_000, 45_000, 20.0, 95.0);
        var noEvents = new Figures.RebuildWrites(540_000, 0, 45_000, 20.0, 95.0);

        assertThat(unknown.rowsPerEvent()).isNaN();
        assertThat(unknown.ceilingPerSecond()).isNaN();
        assertThat(unknown.line())
                .isEqualTo("PostgreSQL's row writes in the rebuild: not measured (pg_stat_user_tables not readable)");
        assertThat(noEvents.ceilingPerSecond()).isNaN();
    }

    @Test
    void rowsWrittenPerTableLargestFirst() {
        Map<String, Long> before = new LinkedHashMap<>();
        before.put("q_status_fact", 100L);
        before.put("q_grant", 50L);
        before.put("token_entry", 7L);
        Map<String, Long> after = new LinkedHashMap<>();
        after.put("q_status_fact", 400L);
        after.put("q_grant", 50L); // nothing written: left out
        after.put("token_entry", 17L);
        after.put("q_tally_delta", 500L); // new since the first reading

        Map<String, Long> written = Figures.rowsWritten(before, after);

        assertThat(written)
                .containsExactly(
                        Map.entry("q_tally_delta", 500L),
                        Map.entry("q_status_fact", 300L),
                        Map.entry("token_entry", 10L));
        assertThat(Figures.rowsPerEventLine(written, 1_000, 2))
                .isEqualTo("rows written per replayed event, by table: q_tally_delta 0.500, q_status_fact 0.300"
                        + " (1 more)");
        assertThat(Figures.rowsPerEventLine(written, 1_000, 5))
                .isEqualTo("rows written per replayed event, by table: q_tally_delta 0.500, q_status_fact 0.300,"
                        + " token_entry 0.010");
    }

    @Test
    void noRowsWrittenWithoutBothReadings() {
        assertThat(Figures.rowsWritten(Map.of(), Map.of("q_grant", 5L))).isEmpty();
        assertThat(Figures.rowsWritten(Map.of("q_grant", 5L), Map.of())).isEmpty();
        assertThat(Figures.rowsPerEventLine(Map.of(), 1_000, 5))
                .isEqualTo("rows written per replayed event, by table: not measured");
    }
}
