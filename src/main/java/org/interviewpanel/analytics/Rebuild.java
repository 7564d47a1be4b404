package org.interviewpanel.analytics;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

/**
 * Rebuilds the analytics tables from the topic: empties them, then replays the topic ({@link TopicReplay}) through the
 * same projection as the live consumer. The live consumer keeps running meanwhile; whichever writes an event first wins
 * and the other's copy is a no-op (processed-event log, order-independent upserts), so nothing is lost or counted twice.
 * Reports answer during the rebuild and say so. One rebuild at a time across instances ({@link RebuildState}).
 * <p>
 * The replay's batches do not mark their sessions for the statistics refresher: a session's events are spread over
 * several batches, so each would be computed again after each of them, and the rollups of its cell with it. Once every
 * replayed fact is written, every session is marked once as backlog ({@link StatsRefresher#markBacklog}), which the
 * refresher computes after the sessions the live consumer marks: a scorecard submitted meanwhile waits for one pass at
 * most, not for the backlog.
 */
@ApplicationScoped
public class Rebuild {

    private static final Logger LOG = Logger.getLogger(Rebuild.class);

    @Inject
    RebuildState state;

    @Inject
    TopicReplay topic;

    @Inject
    AnalyticsWriter writer;

    @Inject
    AnalyticsStore store;

    @Inject
    Projector projector;

    @Inject
    ManagedExecutor executor;

    @Inject
    StatsRefresher stats;

    /** The replay's writers, each with its own share of the partitions and its own connection. */
    @ConfigProperty(name = "panel.analytics.rebuild.writers", defaultValue = "2")
    int writerCount;

    /** The token of the rebuild this instance runs, if any. */
    private volatile UUID running;

    /** Claims the rebuild and starts it in the background; 409 when one is already running. */
    public RebuildState.Progress start(String by) {
        UUID token = state.claim(by);
        executor.submit(() -> run(token));
        return state.progress();
    }

    /** Runs a rebuild from the command line, printing progress until it ends. */
    public RebuildState.Progress runHere(String by, PrintStream out) throws Exception {
        UUID token = state.claim(by);
        Future<?> job = executor.submit(() -> run(token));
        while (!job.isDone()) {
            Thread.sleep(1000);
            RebuildState.Progress p = state.progress();
            out.printf("rebuild: %d / %d events%s%n", p.done(), p.total(),
                    p.eventsPerSecond() == null ? "" : String.format(" (%.0f/s)", p.eventsPerSecond()));
        }
        job.get();
        return state.progress();
    }

    public RebuildState.Progress progress() {
        return state.progress();
    }

    /** Apart from the replay, so a slow batch does not make the claim look abandoned. */
    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void heartbeat() {
        UUID token = running;
        if (token != null) {
            try {
                state.heartbeat(token);
            } catch (Exception e) {
                LOG.debugf("rebuild heartbeat: %s", e.toString());
            }
        }
    }

    void run(UUID token) {
        running = token;
        long started = System.nanoTime();
        boolean emptied = false;
        try {
            if (writerCount < 1) { // before anything is emptied
                throw new IllegalStateException(
                        "panel.analytics.rebuild.writers must be at least 1, not " + writerCount);
            }
            store.truncate();
            emptied = true;
            Replayed replayed = new Replayed(token);
            try {
                topic.replay(replayed);
            } catch (Exception e) {
                replayed.abandon();
                throw e;
            }
            replayed.finish();
            long replayedAt = System.nanoTime();
            stats.markBacklog(); // every session, once, now that all its replayed facts are written
            stats.drain(); // done means the reports count everything replayed
            state.done(token, replayed.done());
            state.finish(token, "DONE", null);
            LOG.infof("Analytics rebuilt: %d events replayed in %.1f s (%d writers), statistics and rollups computed "
                    + "in %.1f s", state.progress().done(), (replayedAt - started) / 1e9, writerCount,
                    (System.nanoTime() - replayedAt) / 1e9);
        } catch (RebuildState.TakenOver e) {
            LOG.warn("Analytics rebuild stopped: another instance took it over");
        } catch (Exception e) {
            LOG.error("Analytics rebuild failed", e);
            if (emptied) {
                markWhatWasReplayed();
            }
            state.finish(token, "FAILED", e.toString());
        } finally {
            running = null;
        }
    }

    /**
     * A failed rebuild's facts count in the reports too, as far as they go. Best effort: a writer still inside its
     * transaction when the replay was abandoned may commit after this, and its sessions wait for the next rebuild,
     * which a failed one needs anyway (the reports say {@code rebuilding} until one finishes).
     */
    private void markWhatWasReplayed() {
        try {
            stats.markBacklog();
        } catch (Exception e) {
            LOG.warnf("The sessions a failed rebuild replayed were not marked for their statistics: %s", e.toString());
        }
    }

    /**
     * Reads what the replay polls (JSON, schema) on the replay's thread and writes it on others
     * ({@code panel.analytics.rebuild.writers}, {@link Handoff}): the next batch is read while the ones before are
     * written, and the writers write at once on connections of their own, each its share of the partitions
     * ({@link TopicRecord#shares}). Records the progress twice a second.
     */
    private final class Replayed implements TopicReplay.Sink {
        /** Batches read ahead of each writer, at most. */
        private static final int AHEAD = 2;

        private final UUID token;
        private final List<Handoff<Projector.Read>> writers = new ArrayList<>();
        private final LongAdder done = new LongAdder();
        private long reported = System.nanoTime();

        Replayed(UUID token) {
            this.token = token;
            for (int i = 0; i < writerCount; i++) {
                writers.add(new Handoff<>(executor, AHEAD, this::write));
            }
        }

        @Override
        public void total(long records) throws Exception {
            state.total(token, records);
        }

        @Override
        public void batch(List<TopicRecord> records) throws Exception {
            List<List<TopicRecord>> shares = TopicRecord.shares(records, writerCount);
            for (int i = 0; i < writerCount; i++) {
                if (!shares.get(i).isEmpty()) {
                    // Poison messages are already on the dead-letter topic from their first delivery; not sent again.
                    writers.get(i).hand(projector.read(shares.get(i)).unmarked());
                }
            }
            if (System.nanoTime() - reported > 500_000_000L) {
                state.done(token, done.sum());
                reported = System.nanoTime();
            }
        }

        private void write(Projector.Read batch) throws Exception {
            writer.apply(batch);
            done.add(batch.records().size());
        }

        long done() {
            return done.sum();
        }

        /** Waits for the writers to write every batch read; throws what stopped one, if anything did. */
        void finish() throws Exception {
            try {
                for (Handoff<Projector.Read> w : writers) {
                    w.finish();
                }
            } catch (Exception e) {
                abandon(); // the writers not yet finished
                throw e;
            }
        }

        /** The replay failed: the batches still waiting are not written. */
        void abandon() {
            writers.forEach(Handoff::abandon);
        }
    }
}
