package org.interviewpanel.kernel;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.arc.DefaultBean;

/**
 * The application's clock, one bean for every service that reads the time: UTC from the system. Tests replace it with a
 * clock they can move, so an expiry or a grace period is checked by moving time, not by waiting.
 */
public class Clocks {

    @Produces
    @Singleton
    @DefaultBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
