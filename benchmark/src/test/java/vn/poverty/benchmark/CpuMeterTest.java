package vn.poverty.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuMeterTest {

    @Test
    void aJvmsCompilerThreadsAreShownAsPartOfItsFigureAndNotCountedTwice() {
        CpuMeter meter = new CpuMeter();
        meter.watchAlone("this-jvm", () -> ProcessHandle.current().pid());
        meter.showCompiler("this-jvm");

        var from = meter.snapshot();
        long sum = 0;
        long until = System.nanoTime() + 300_000_000L;
        while (System.nanoTime() < until) {
            sum += Long.toString(sum).hashCode(); // some CPU for the JVM, and methods for its compiler
        }
        String line = CpuMeter.describe(from, meter.snapshot());

        assertThat(sum).isNotZero();
        assertThat(line).matches("CPU \\(100% = one core\\): this-jvm \\d+% \\(its JIT compiler \\d+%\\),.*");
        // on Linux the compiler threads are found by name (HotSpot's "C1/C2 CompilerThread…")
        if (java.nio.file.Files.exists(java.nio.file.Path.of("/proc/self/task"))) {
            assertThat(from.ticks()).containsKey("\0this-jvm");
        }
    }

    @Test
    void thePartsOfAGroupAreLeftOutOfTheMachinesOtherPrograms() {
        Map<String, Long> before = new LinkedHashMap<>();
        before.put("app", 0L);
        before.put("\0app", 0L);
        Map<String, Long> after = new LinkedHashMap<>();
        after.put("app", 100L); // one core for one second
        after.put("\0app", 50L);
        int cores = Runtime.getRuntime().availableProcessors();
        // the machine: busy exactly one core of `cores` for the second
        var from = new CpuMeter.Snapshot(0, before, 0, 0);
        var to = new CpuMeter.Snapshot(1_000_000_000L, after, 100, 100L * cores);

        String line = CpuMeter.describe(from, to);

        assertThat(line)
                .startsWith("CPU (100% = one core): app 100% (its JIT compiler 50%),")
                .contains("other programs about 0% of a core");
    }

    @Test
    void cpuPerUnitOfWorkForEachGroupAndTheWholeMachineLeavingOutTheParts() {
        Map<String, Long> before = new LinkedHashMap<>();
        before.put("postgres", 1_000L);
        before.put("app", 500L);
        before.put("\0app", 100L);
        Map<String, Long> after = new LinkedHashMap<>();
        after.put("postgres", 1_900L); // 9 s of CPU
        after.put("app", 1_200L); // 7 s
        after.put("\0app", 300L);
        // 20 s of busy time over all cores: the two groups and 4 s of other programs
        var from = new CpuMeter.Snapshot(0, before, 5_000, 10_000);
        var to = new CpuMeter.Snapshot(10_000_000_000L, after, 7_000, 12_000);

        Map<String, Double> micros = CpuMeter.microsPer(from, to, 100_000);

        assertThat(micros)
                .containsExactly(
                        Map.entry("postgres", 90.0), Map.entry("app", 70.0), Map.entry(CpuMeter.MACHINE, 200.0));
        assertThat(CpuMeter.microsPer(from, to, 0)).isEmpty();
    }
}
