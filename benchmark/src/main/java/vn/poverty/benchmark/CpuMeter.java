package vn.poverty.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * Where the CPU time goes, from Linux's {@code /proc}: the CPU seconds used by each app, by PostgreSQL (the postmaster
 * and its backends) and by the benchmark itself between two snapshots, and the whole machine's busy time (other
 * programs on the box included). Reads nothing and reports zeros where {@code /proc} is missing.
 */
final class CpuMeter {

    /** Linux reports process times in clock ticks of 1/100 s on every usual configuration. */
    private static final double TICKS_PER_SECOND = 100.0;

    /** The key of the whole machine's figure in {@link #microsPer}. */
    static final String MACHINE = "machine";

    private final Map<String, LongSupplier> pids = new LinkedHashMap<>();
    private final Map<String, Boolean> withChildren = new LinkedHashMap<>();
    /** Groups (JVMs) whose JIT compiler threads are shown apart as well. */
    private final Set<String> withCompiler = new HashSet<>();

    /** CPU ticks per group and of the whole machine at one moment. */
    record Snapshot(long nanos, Map<String, Long> ticks, long machineBusy, long machineTotal) {}

    /** A process and its children (e.g. the postmaster and its backends). */
    void watch(String group, LongSupplier pid) {
        pids.put(group, pid);
        withChildren.put(group, true);
    }

    /** A process alone (e.g. the benchmark, whose children are the apps, counted on their own). */
    void watchAlone(String group, LongSupplier pid) {
        pids.put(group, pid);
        withChildren.put(group, false);
    }

    /**
     * Also shows the share of a watched JVM's JIT compiler threads (HotSpot's "C1/C2 CompilerThread…"), a part of the
     * group's own figure: while they are busy, the JVM is still compiling.
     */
    void showCompiler(String group) {
        withCompiler.add(group);
    }

    Snapshot snapshot() {
        Map<String, Long> ticks = new LinkedHashMap<>();
        for (var entry : pids.entrySet()) {
            long pid = entry.getValue().getAsLong();
            long used = pid <= 0 ? 0 : withChildren.get(entry.getKey()) ? processTree(pid) : ticks(pid, false);
            ticks.put(entry.getKey(), used);
            if (withCompiler.contains(entry.getKey())) {
                ticks.put(PART + entry.getKey(), pid <= 0 ? 0 : compilerTicks(pid));
            }
        }
        long[] machine = machine();
        return new Snapshot(System.nanoTime(), ticks, machine[0], machine[1]);
    }

    /** One line: each group's share of one core between the snapshots, and the machine's busy share of all cores. */
    static String describe(Snapshot from, Snapshot to) {
        double seconds = (to.nanos() - from.nanos()) / 1e9;
        StringBuilder line = new StringBuilder("CPU (100% = one core):");
        long groups = 0;
        for (var entry : to.ticks().entrySet()) {
            long used = entry.getValue() - from.ticks().getOrDefault(entry.getKey(), 0L);
            if (entry.getKey().startsWith(PART)) {
                line.setLength(line.length() - 1); // the group's comma
                line.append(String.format(
                        Locale.ROOT, " (its JIT compiler %.0f%%),", 100 * used / TICKS_PER_SECOND / seconds));
            } else {
                groups += used;
                line.append(String.format(
                        Locale.ROOT, " %s %.0f%%,", entry.getKey(), 100 * used / TICKS_PER_SECOND / seconds));
            }
        }
        long busy = to.machineBusy() - from.machineBusy();
        long total = to.machineTotal() - from.machineTotal();
        int cores = Runtime.getRuntime().availableProcessors();
        if (total > 0) {
            double busyCores = cores * (double) busy / total;
            double ours = groups / TICKS_PER_SECOND / seconds;
            line.append(String.format(
                    Locale.ROOT,
                    " machine busy %.0f%% of %d cores (other programs about %.0f%% of a core)",
                    100.0 * busy / total,
                    cores,
                    Math.max(0, 100 * (busyCores - ours))));
        }
        return line.toString();
    }

    /**
     * CPU microseconds per unit of work (e.g. per replayed event) between the snapshots: each group's, then under
     * {@code "machine"} the busy time of every core (other programs included). Empty when {@code units} is not positive.
     */
    static Map<String, Double> microsPer(Snapshot from, Snapshot to, long units) {
        Map<String, Double> micros = new LinkedHashMap<>();
        if (units <= 0) {
            return micros;
        }
        for (var entry : to.ticks().entrySet()) {
            if (!entry.getKey().startsWith(PART)) {
                long used = entry.getValue() - from.ticks().getOrDefault(entry.getKey(), 0L);
                micros.put(entry.getKey(), used / TICKS_PER_SECOND * 1e6 / units);
            }
        }
        micros.put(MACHINE, (to.machineBusy() - from.machineBusy()) / TICKS_PER_SECOND * 1e6 / units);
        return micros;
    }

    /** Marks the snapshot entries of {@link #showCompiler} groups' compiler threads. */
    private static final String PART = "\0";

    /** utime + stime of the JVM's compiler threads (HotSpot names them "C1 CompilerThre…" and "C2 CompilerThre…"). */
    private static long compilerTicks(long pid) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return tasks.filter(task -> {
                        try {
                            String name = Files.readString(task.resolve("comm")).strip();
                            return name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler");
                        } catch (IOException | RuntimeException e) {
                            return false;
                        }
                    })
                    .mapToLong(task -> {
                        try {
                            return ticks(Files.readString(task.resolve("stat")), false);
                        } catch (IOException | RuntimeException e) {
                            return 0;
                        }
                    })
                    .sum();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** utime + stime of the process and of its live children, plus what its dead children used. */
    private static long processTree(long pid) {
        long total = ticks(pid, true);
        for (long child : children(pid)) {
            total += ticks(child, false);
        }
        return total;
    }

    private static List<Long> children(long pid) {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes
                    .filter(dir -> dir.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(dir -> parent(dir) == pid)
                    .map(dir -> Long.parseLong(dir.getFileName().toString()))
                    .toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    private static long parent(Path processDir) {
        try {
            String stat = Files.readString(processDir.resolve("stat"));
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long ticks(long pid, boolean withDeadChildren) {
        try {
            return ticks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")), withDeadChildren);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long ticks(String stat, boolean withDeadChildren) {
        try {
            // the command name may hold spaces: fields are counted after its closing parenthesis
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields[0] is field 3 (state): utime is field 14, stime 15, cutime 16, cstime 17
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            if (withDeadChildren) {
                ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
            }
            return ticks;
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** The machine's busy and total ticks over all cores (from /proc/stat). */
    private static long[] machine() {
        try {
            String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] fields = first.strip().split("\\s+");
            long total = 0;
            long idle = 0;
            for (int i = 1; i < fields.length && i <= 8; i++) {
                long value = Long.parseLong(fields[i]);
                total += value;
                if (i == 4 || i == 5) { // idle, iowait
                    idle += value;
                }
            }
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }
}
