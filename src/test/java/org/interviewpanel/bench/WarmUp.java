package org.interviewpanel.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A bench's warm-up: its own load, run in slices until the JIT compiler has finished with it, so the measured window
 * shows the code as a server runs it after its first minutes and not half-compiled. A fixed 20 s was not enough: under
 * {@code WritePathBench}'s load a request's methods are called a few hundred times a second, and the compiler threads
 * still took a quarter of the JVM's samples 20 s into the window (async-profiler, 2026-12-06) — a share that differed
 * from run to run, and the throughput with it.
 * <p>
 * At least {@code bench.warm-up-seconds} (20), then slice after slice until, in the last slice, the compiler took under
 * {@code bench.warm-up-jit-share} (5 %) of one core, at most {@code bench.warm-up-max-seconds} (240) in all. Prints
 * how long it took and the compiler's share in each slice.
 */
final class WarmUp {

    static final Duration MIN = Duration.ofSeconds(Long.getLong("bench.warm-up-seconds", 20));
    static final Duration MAX = Duration.ofSeconds(Long.getLong("bench.warm-up-max-seconds", 240));
    static final double SETTLED = Double.parseDouble(System.getProperty("bench.warm-up-jit-share", "0.05"));
    static final Duration SLICE = Duration.ofSeconds(5);

    /** The bench's load for a given time. */
    interface Load {
        void run(Duration duration) throws Exception;
    }

    private WarmUp() {
    }

    static void run(String bench, Load load) throws Exception {
        run(bench, load, "the load");
    }

    /** As {@link #run(String, Load)}, under a load the bench names (e.g. "4 clients"). */
    static void run(String bench, Load load, String under) throws Exception {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        long started = System.nanoTime();
        double share;
        long elapsed;
        List<String> shares = new ArrayList<>();
        do {
            long sliceStarted = System.nanoTime();
            long compiledBefore = jit.getTotalCompilationTime(); // ms, summed over the compiler threads
            load.run(SLICE);
            share = (jit.getTotalCompilationTime() - compiledBefore) / ((System.nanoTime() - sliceStarted) / 1e6);
            elapsed = System.nanoTime() - started;
            shares.add(String.format("%.0f", 100 * share));
        } while (elapsed < MAX.toNanos() && (elapsed < MIN.toNanos() || share >= SETTLED));
        System.out.printf("%s: warm-up %.0f s under %s (%s); the JIT compiler's share of a core in each %d s: "
                + "%s %%%n", bench, elapsed / 1e9, under,
                share < SETTLED ? "until the compiler had settled"
                        : "stopped at bench.warm-up-max-seconds before the compiler settled",
                SLICE.toSeconds(), String.join(" · ", shares));
    }

    /** A further warm-up of a fixed length under another load; prints the compiler's share over it. */
    static void then(String bench, Duration duration, String under, Load load) throws Exception {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        long started = System.nanoTime();
        long compiledBefore = jit.getTotalCompilationTime();
        load.run(duration);
        double share = (jit.getTotalCompilationTime() - compiledBefore) / ((System.nanoTime() - started) / 1e6);
        System.out.printf("%s: then %.0f s under %s; the JIT compiler's share of a core over it: %.0f %%%n", bench,
                (System.nanoTime() - started) / 1e9, under, 100 * share);
    }

    /** The compiler's time so far, in ms summed over its threads: {@link MeasuredWindow} prints its share. */
    static long compiled() {
        return ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    }
}
