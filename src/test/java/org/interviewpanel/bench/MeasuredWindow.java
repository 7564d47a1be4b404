package org.interviewpanel.bench;

import java.nio.file.Path;
import java.time.Instant;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * A bench's measured window: when {@code -Dbench.jfr=FILE} is given, a flight recording (the JDK's {@code profile}
 * settings) of exactly that window, so a profile shows the load and not the start-up or the warm-up; either way the
 * window's wall-clock bounds are printed, to line up with samplers outside the JVM (PostgreSQL, the broker).
 */
final class MeasuredWindow implements AutoCloseable {

    private final String bench;
    private final Instant from = Instant.now();
    private final Recording recording;

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
        Recording recording = new Recording(Configuration.getConfiguration("profile"));
        recording.setDestination(Path.of(file));
        recording.setToDisk(true);
        recording.start();
        return new MeasuredWindow(bench, recording);
    }

    @Override
    public void close() throws Exception {
        Instant to = Instant.now();
        if (recording != null) {
            recording.stop(); // written to its destination
            recording.close();
        }
        System.out.printf("%s: measured window %s – %s%s%n", bench, from, to,
                recording == null ? "" : " (flight recording in " + System.getProperty("bench.jfr") + ")");
    }
}
