package org.interviewpanel.kernel;

import java.time.Instant;

/**
 * The instants the product takes from its clients, in bodies and in query parameters: the years 1900 to 9999. Beyond
 * them PostgreSQL refuses a timestamp (after the year 294276) or Java cannot hand it over (near 300 million years),
 * which would answer a client's typo with a 500; no interview, report period or audit search needs more.
 */
public final class Instants {

    public static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("+10000-01-01T00:00:00Z");

    /** What a field outside the range is told. */
    public static final String RANGE = "must lie between 1900-01-01 and 9999-12-31";

    private Instants() {
    }

    public static boolean inRange(Instant instant) {
        return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
    }
}
