package vn.poverty.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole benchmark at a tiny size, as a child process (it ends with System.exit): embedded PostgreSQL, both
 * packaged apps, a province of 20 households (bulk imports of 7), 2-second load phases. Checks that it ends well and that its last line is
 * a BENCH line with every required key and events in the store. Needs the packaged apps (./mvnw -DskipTests package).
 */
class BenchmarkSmokeIT {

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void aTinyRunEndsWithACompleteBenchLine() throws Exception {
        Path root = Benchmark.findProjectRoot(Path.of("").toAbsolutePath());
        for (String app : List.of("command-side", "query-side")) {
            Path jar = root.resolve(app + "/target/" + app + "-exec.jar");
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("Build the apps first: " + jar + " is missing");
            }
        }
        Path output = Files.createTempFile("bench-smoke-", ".out");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                Benchmark.class.getName(),
                "--households",
                "20",
                "--communes",
                "4",
                "--duration",
                "2s",
                "--pg-duration",
                "1s",
                "--warm-up",
                "1s",
                "--clients",
                "4",
                "--rate",
                "50",
                "--lag-sample",
                "5",
                "--report-requests",
                "5",
                "--import-batch",
                "7",
                "--pg-statements"));
        Process process = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        boolean ended = process.waitFor(9, TimeUnit.MINUTES);
        if (!ended) {
            process.destroy();
            process.waitFor(60, TimeUnit.SECONDS);
        }
        List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
        assertThat(ended).as(tail(lines)).isTrue();
        assertThat(process.exitValue()).as(tail(lines)).isZero();

        String last = lines.get(lines.size() - 1);
        JsonNode bench = Figures.parseBenchLine(last);
        for (String key : Figures.REQUIRED_KEYS) {
            assertThat(bench.has(key)).as("BENCH has " + key + ": " + last).isTrue();
        }
        assertThat(bench.get("events").asLong()).isPositive();
        assertThat(bench.get("households").asInt()).isEqualTo(20);
        assertThat(bench.get("commandsPerSecond").asDouble()).isPositive();
        assertThat(bench.get("pgInsertLimitPerSecond").asDouble()).isPositive();
        assertThat(bench.get("generatorErrors").asLong()).isZero();
        assertThat(bench.get("generatorImportBatch").asInt()).isEqualTo(7);
        assertThat(bench.get("commandEventsPerCommand").asDouble()).isEqualTo(1.0);
        assertThat(bench.get("pgBatchInsertRowsPerSecond").asDouble()).isPositive();
        assertThat(bench.get("replayRowsPerEvent").asDouble()).isPositive(); // every replayed event writes rows
        assertThat(bench.get("replayWriteCeilingEventsPerSecond").asDouble()).isPositive();
        assertThat(lines).anyMatch(line -> line.contains("PostgreSQL's row writes in the rebuild: "));
        assertThat(lines).anyMatch(line -> line.startsWith("figure"));
        assertThat(lines).anyMatch(line -> line.contains("PostgreSQL's top statements in the rebuild"));
        assertThat(lines).anyMatch(line -> line.contains("INSERT INTO domain_event_entry"));
        Files.deleteIfExists(output);
    }

    private static String tail(List<String> lines) throws IOException {
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
