package org.interviewpanel.events;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Event ids: UUIDs of version 7 (RFC 9562). The first 48 bits are the Unix time in milliseconds and the next 12 a
 * counter within the millisecond, so an id made later in this JVM sorts after every id made before it, as PostgreSQL
 * compares UUIDs (byte by byte). The indexes keyed by event id (the outbox's, the analytics' processed-event log) then
 * grow at their end instead of at a random leaf each: a rebuild of a million ratings writes its log in order. The
 * remaining 62 bits are random, which keeps ids of different instances apart.
 */
public final class EventIds {

    /** The last stamp given: milliseconds shifted left by 12, plus the counter. */
    private static final AtomicLong LAST = new AtomicLong();

    private EventIds() {
    }

    public static UUID next() {
        long now = System.currentTimeMillis() << 12;
        // a 4,097th id in one millisecond borrows the next millisecond, as RFC 9562 allows
        long stamp = LAST.updateAndGet(last -> Math.max(last + 1, now));
        long high = (stamp >>> 12) << 16 | 0x7000L | stamp & 0xFFFL;
        long low = ThreadLocalRandom.current().nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
        return new UUID(high, low);
    }
}
