package org.interviewpanel.live;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;

/**
 * The live rooms as operators watch them ({@code panel_live_*}): sockets by channel (the web tier's autoscaler adds pods
 * on them), rooms open on this instance, how long after a change each frame reached its socket, and how far behind this
 * instance's fan-out runs. Delays run from the event's time, set by the instance that made the change: on another
 * instance they include the clock difference between the two. Created at start-up, so the gauges are there before the
 * first event (the autoscaler reads the connections).
 */
@Startup
@ApplicationScoped
public class LiveMetrics {

    /**
     * How long the fan-out lag keeps showing the delay of the latest event: long enough for scrapes to see it, short
     * enough that a delay long past (or the catch-up on start, with events up to a minute old) does not keep showing
     * through a quiet spell.
     */
    private static final Duration LAG_WINDOW = Duration.ofSeconds(30);

    /** The fan-out delay of one event, and when it was measured. */
    private record Lag(Duration delay, long measuredAtNanos) {
    }

    @Inject
    MeterRegistry registry;

    @Inject
    LiveRoom room;

    @Inject
    Clock clock;

    private final Map<String, Timer> frameDelays = new ConcurrentHashMap<>();
    private final Map<String, Timer> stages = new ConcurrentHashMap<>();
    private final AtomicReference<Lag> lag = new AtomicReference<>();

    @PostConstruct
    void register() {
        Gauge.builder("panel.live.connections", room, LiveRoom::panelConnections).tag("channel", "panel")
                .description("Panel sockets open on this instance").register(registry);
        Gauge.builder("panel.live.connections", room, LiveRoom::candidateConnections).tag("channel", "candidate")
                .description("Candidate sockets open on this instance").register(registry);
        Gauge.builder("panel.live.sessions", room, LiveRoom::openRooms)
                .description("Sessions with at least one socket open on this instance").register(registry);
        Gauge.builder("panel.live.fanout.lag", this, LiveMetrics::lagSeconds).baseUnit("seconds")
                .description("How long after it happened this instance fanned out its latest event (0 when it fanned "
                        + "out none in the last 30 s)")
                .register(registry);
    }

    /**
     * An event has reached this instance's fan-out: how long the relay took from the change to handing it to Kafka (the
     * record's timestamp is the producer's), and Kafka from there to this consumer.
     */
    void received(Instant happened, Instant produced) {
        if (happened == null || produced == null) {
            return;
        }
        Duration relay = Duration.between(happened, produced);
        stage("relay", relay.isNegative() ? Duration.ZERO : relay);
        Duration kafka = Duration.between(produced, Instant.now());
        stage("kafka", kafka.isNegative() ? Duration.ZERO : kafka);
    }

    /**
     * A frame caused by an event that happened at {@code happened}, received here at {@code receivedNanos}
     * ({@link System#nanoTime()}), has been written to a socket.
     */
    void frameWritten(String type, Instant happened, long receivedNanos) {
        stage("fan-out", Duration.ofNanos(System.nanoTime() - receivedNanos));
        if (happened == null) {
            return;
        }
        frameDelays.computeIfAbsent(type, t -> Timer.builder("panel.live.frame.delay").tag("type", t)
                .description("From the change (the event's time) to its frame written to a socket")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(5))
                .maximumExpectedValue(Duration.ofSeconds(30)).register(registry)).record(since(happened));
    }

    private void stage(String stage, Duration took) {
        stages.computeIfAbsent(stage, s -> Timer.builder("panel.live.stage").tag("stage", s)
                .description("Where a change's time goes on its way to the sockets: relay (change to Kafka producer), "
                        + "kafka (producer to this consumer), fan-out (consumer to the socket written)")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30)).register(registry)).record(took);
    }

    /** This instance has fanned out an event that happened at {@code happened}. */
    void fannedOut(Instant happened) {
        if (happened != null) {
            lag.set(new Lag(since(happened), System.nanoTime()));
        }
    }

    private double lagSeconds() {
        Lag latest = lag.get();
        if (latest == null || System.nanoTime() - latest.measuredAtNanos() > LAG_WINDOW.toNanos()) {
            return 0;
        }
        return latest.delay().toNanos() / 1e9;
    }

    private Duration since(Instant happened) {
        Duration delay = Duration.between(happened, clock.instant());
        return delay.isNegative() ? Duration.ZERO : delay;
    }
}
