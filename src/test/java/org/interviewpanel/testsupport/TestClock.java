package org.interviewpanel.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.inject.Singleton;

/**
 * The application's clock in tests: the system's UTC clock shifted by an offset a test sets. Replaces the default
 * {@code Clock} bean in every {@code @QuarkusTest}; a test that moves time puts it back with {@link #reset()} in a
 * {@code finally}, since the application is shared by all the tests of a run.
 */
@Singleton
public class TestClock extends Clock {

    private static final AtomicReference<Duration> OFFSET = new AtomicReference<>(Duration.ZERO);

    /** Moves the application's time forward (or back, with a negative duration). */
    public static void advance(Duration by) {
        OFFSET.updateAndGet(o -> o.plus(by));
    }

    public static void reset() {
        OFFSET.set(Duration.ZERO);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.offset(Clock.system(zone), OFFSET.get());
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(OFFSET.get());
    }
}
