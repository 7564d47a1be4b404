package org.interviewpanel.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;

/**
 * The relay's step timers ({@code panel_outbox_relay_step}) and the live stages ({@code panel_live_stage}) as a bench
 * reads them: a reading before and one after a phase give the p50 and p99 of what happened in between.
 */
final class StageTimers {

    /** The steps inside the relay stage, as the relay records them. */
    static final List<String> RELAY_STEPS = List.of("wake", "select", "produce-ack", "mark");

    private StageTimers() {
    }

    /**
     * The timers' bucket counts now: name → cumulative count per bucket (the last slot the total). A name is a relay step
     * or else a live stage.
     */
    static Map<String, long[]> read(MeterRegistry registry, List<String> names) {
        Map<String, long[]> counts = new HashMap<>();
        for (String name : names) {
            Timer timer = RELAY_STEPS.contains(name)
                    ? registry.find("panel.outbox.relay.step").tag("step", name).timer()
                    : registry.find("panel.live.stage").tag("stage", name).timer();
            if (timer == null) {
                counts.put(name, new long[0]);
                continue;
            }
            HistogramSnapshot snapshot = timer.takeSnapshot();
            CountAtBucket[] buckets = snapshot.histogramCounts();
            long[] c = new long[buckets.length * 2 + 1];
            for (int i = 0; i < buckets.length; i++) {
                c[2 * i] = (long) buckets[i].bucket(TimeUnit.MICROSECONDS);
                c[2 * i + 1] = (long) buckets[i].count();
            }
            c[c.length - 1] = snapshot.count();
            counts.put(name, c);
        }
        return counts;
    }

    /** How many times were recorded between two readings. */
    static long count(long[] before, long[] after) {
        return after.length == 0 ? 0 : after[after.length - 1] - (before.length == 0 ? 0 : before[before.length - 1]);
    }

    /** p50 and p99 in ms (bucket upper bounds) of what was recorded between two readings; -1 when nothing was. */
    static long[] percentiles(long[] before, long[] after) {
        if (after.length == 0) {
            return new long[] { -1, -1 };
        }
        long total = after[after.length - 1] - (before.length == 0 ? 0 : before[before.length - 1]);
        long[] result = { -1, -1 };
        double[] wanted = { 0.5, 0.99 };
        for (int w = 0; w < 2; w++) {
            for (int i = 0; i + 1 < after.length; i += 2) {
                long cumulative = after[i + 1] - (before.length == after.length ? before[i + 1] : 0);
                if (total > 0 && cumulative >= Math.ceil(wanted[w] * total)) {
                    result[w] = Math.round(after[i] / 1000.0);
                    break;
                }
            }
        }
        return result;
    }
}
