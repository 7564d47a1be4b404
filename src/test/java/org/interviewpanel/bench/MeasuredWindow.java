package org.interviewpanel.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.interviewpanel.testsupport.Stack;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * A bench's measured window: prints its wall-clock bounds and where the machine's CPU went meanwhile — this JVM by
 * thread group (request workers, event loops, the load generator, Kafka clients…; what no live thread accounts for is
 * the JIT compiler, the collector, the VM and threads that ended before the window closed), the broker, and PostgreSQL's
 * processes (read from {@code /proc}, so on Linux).
 * With {@code -Dbench.jfr=FILE} also a flight recording (the JDK's {@code profile} settings, or those
 * {@code -Dbench.jfr.settings} names) of exactly that window, so a
 * profile shows the load and not the start-up or the warm-up (of a bench with several windows, the last).
 */
final class MeasuredWindow implements AutoCloseable {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final long CLOCK_TICK_NANOS = 10_000_000L; // USER_HZ = 100 on Linux

    private final String bench;
    private final Instant from = Instant.now();
    private final long started = System.nanoTime();
    private final Recording recording;
    private final Map<Long, Long> threadCpu = threadCpu();
    private final long processCpu = processCpu();
    private final Map<Long, Long> postgres = postgres();
    private final long compiled = WarmUp.compiled();
    private final long kafkaTicks = ticks(Stack.kafkaPid());

    private MeasuredWindow(String bench, Recording recording) {
        this.bench = bench;
        this.recording = recording;
    }

    static MeasuredWindow open(String bench) throws Exception {
        System.out.printf("%s: measuring from %s%n", bench, Instant.now());
        String file = System.getProperty("bench.jfr");
        if (file == null || file.isBlank()) {
            return new MeasuredWindow(bench, null);
        }
        Recording recording = new Recording(
                Configuration.getConfiguration(System.getProperty("bench.jfr.settings", "profile")));
        recording.setDestination(Path.of(file));
        recording.setToDisk(true);
        recording.start();
        return new MeasuredWindow(bench, recording);
    }

    @Override
    public void close() {
        Instant to = Instant.now();
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<Long, Long> threadsAfter = threadCpu();
        long processAfter = processCpu();
        Map<Long, Long> postgresAfter = postgres();
        long compiledAfter = WarmUp.compiled();
        long kafkaAfter = ticks(Stack.kafkaPid());
        if (recording != null) {
            recording.stop(); // written to its destination
            recording.close();
        }
        System.out.printf("%s: measured window %s – %s%s%n", bench, from, to,
                recording == null ? "" : " (flight recording in " + System.getProperty("bench.jfr") + ")");

        Map<String, Double> jvm = new HashMap<>();
        long threadsTotal = 0;
        for (ThreadInfo t : THREADS.getThreadInfo(threadsAfter.keySet().stream().mapToLong(Long::longValue).toArray())) {
            if (t != null) {
                long used = threadsAfter.get(t.getThreadId()) - threadCpu.getOrDefault(t.getThreadId(), 0L);
                threadsTotal += used;
                jvm.merge(group(t.getThreadName()), used / 1e9 / seconds, Double::sum);
            }
        }
        if (processAfter > 0) {
            jvm.put("(JIT compiler, collector, VM, threads ended in the window)",
                    Math.max(0, processAfter - processCpu - threadsTotal)
                            / 1e9 / seconds);
        }
        // a backend that started in the window counts from 0; one that ended in it is missed
        long postgresUsed = postgresAfter.entrySet().stream()
                .mapToLong(e -> e.getValue() - postgres.getOrDefault(e.getKey(), 0L)).sum();
        System.out.printf("%s: CPU in the window, cores: this JVM %.2f · Kafka broker %.2f · PostgreSQL %.2f; "
                + "this JVM's JIT compiler busy %.2f (compile time a second, over its threads, waiting for a core included)%n",
                bench, (processAfter - processCpu) / 1e9 / seconds,
                cores(kafkaAfter - kafkaTicks, seconds), cores(postgresUsed, seconds),
                (compiledAfter - compiled) / 1e3 / seconds);
        System.out.printf("%s: this JVM by thread group, cores: %s%n", bench, jvm.entrySet().stream()
                .sorted(Map.Entry.<String, Double> comparingByValue().reversed()).filter(e -> e.getValue() >= 0.005)
                .map(e -> String.format("%s %.2f", e.getKey(), e.getValue())).collect(Collectors.joining(" · ")));
    }

    /**
     * CPU time used so far, in nanoseconds, by this JVM (and of it by the threads {@code client} names: a bench's own
     * load generator), the broker and PostgreSQL's processes; {@link #minus} gives what a stretch of work used. For a
     * bench that measures several shapes, each one's cost per request.
     */
    record Cpu(long wall, long jvm, long client, long broker, long postgres, Map<Long, Long> clientThreads,
            Map<Long, Long> backends) {

        static Cpu now(java.util.function.Predicate<String> client) {
            Map<Long, Long> threads = new HashMap<>();
            for (ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
                if (t != null && client.test(t.getThreadName())) {
                    long nanos = THREADS.getThreadCpuTime(t.getThreadId());
                    if (nanos >= 0) {
                        threads.put(t.getThreadId(), nanos);
                    }
                }
            }
            Map<Long, Long> backends = MeasuredWindow.postgres();
            return new Cpu(System.nanoTime(), processCpu(), threads.values().stream().mapToLong(Long::longValue).sum(),
                    ticks(Stack.kafkaPid()) * CLOCK_TICK_NANOS,
                    backends.values().stream().mapToLong(Long::longValue).sum() * CLOCK_TICK_NANOS, threads, backends);
        }

        /**
         * What was used since {@code before}: a client thread or a backend that started meanwhile counts from 0; one
         * that ended meanwhile is missed (a client thread's time then counts as the JVM's rest).
         */
        Cpu minus(Cpu before) {
            long clientUsed = clientThreads.entrySet().stream()
                    .mapToLong(e -> e.getValue() - before.clientThreads.getOrDefault(e.getKey(), 0L)).sum();
            long postgresUsed = backends.entrySet().stream()
                    .mapToLong(e -> e.getValue() - before.backends.getOrDefault(e.getKey(), 0L)).sum() * CLOCK_TICK_NANOS;
            return new Cpu(wall - before.wall, jvm - before.jvm, clientUsed, broker - before.broker, postgresUsed,
                    Map.of(), Map.of());
        }

        /** This JVM's time less its client threads': the server, with its JIT compiler, collector and VM threads. */
        long server() {
            return jvm - client;
        }
    }

    /** A thread's group: its name without numbers ("executor-thread-12" → "executor-thread-#"). */
    private static String group(String name) {
        return name.replaceAll("\\d+", "#");
    }

    private static Map<Long, Long> threadCpu() {
        Map<Long, Long> cpu = new HashMap<>();
        for (long id : THREADS.getAllThreadIds()) {
            long nanos = THREADS.getThreadCpuTime(id);
            if (nanos >= 0) {
                cpu.put(id, nanos);
            }
        }
        return cpu;
    }

    private static long processCpu() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime()
                : -1;
    }

    private static double cores(long ticks, double seconds) {
        return ticks * (double) CLOCK_TICK_NANOS / 1e9 / seconds;
    }

    /** Clock ticks used so far by each of PostgreSQL's processes (none where there is no /proc). */
    private static Map<Long, Long> postgres() {
        Map<Long, Long> ticks = new HashMap<>();
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path p : processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                if ("postgres".equals(comm(p))) {
                    long pid = Long.parseLong(p.getFileName().toString());
                    ticks.put(pid, ticks(pid));
                }
            }
        } catch (Exception e) {
            ticks.clear();
        }
        return ticks;
    }

    private static String comm(Path process) {
        try {
            return Files.readString(process.resolve("comm")).strip();
        } catch (Exception e) {
            return "";
        }
    }

    /** User and system clock ticks of a process, 0 when it is gone. */
    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (Exception e) {
            return 0;
        }
    }
}
