package org.interviewpanel.analytics;

import java.io.PrintStream;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Future;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

/**
 * Rebuilds the analytics tables from the topic: empties them, then replays the topic ({@link TopicReplay}) through the
 * same projection as the live consumer. The live consumer keeps running meanwhile; whichever writes an event first wins
 * and the other's copy is a no-op (processed-event log, order-independent upserts), so nothing is lost or counted twice.
 * Reports answer during the rebuild and say so. One rebuild at a time across instances ({@link RebuildState}).
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
        try {
            store.truncate();
            Replayed replayed = new Replayed(token);
            try {
                topic.replay(replayed);
            } catch (Exception e) {
                replayed.abandon();
                throw e;
            }
            replayed.finish();
            stats.drain(); // done means the reports count everything replayed
            state.done(token, replayed.done);
            state.finish(token, "DONE", null);
            LOG.infof("Analytics rebuilt: %d events", state.progress().done());
        } catch (RebuildState.TakenOver e) {
            LOG.warn("Analytics rebuild stopped: another instance took it over");
        } catch (Exception e) {
            LOG.error("Analytics rebuild failed", e);
            state.finish(token, "FAILED", e.toString());
        } finally {
            running = null;
        }
    }

    /**
     * Reads what the replay polls (JSON, schema) on the replay's thread and writes it on a second one ({@link Handoff}),
     * batch after batch in the topic's order: the next batch is read while the one before is written, so the database
     * does not wait for the reading. Records the progress twice a second.
     */
    private final class Replayed implements TopicReplay.Sink {
        /** Batches read ahead of the writer, at most. */
        private static final int AHEAD = 2;

        private final UUID token;
        private final Handoff<Projector.Read> writing;
        private volatile long done;
        private long reported = System.nanoTime();

        Replayed(UUID token) {
            this.token = token;
            this.writing = new Handoff<>(executor, AHEAD, this::write);
        }

        @Override
        public void total(long records) throws Exception {
            state.total(token, records);
        }

        @Override
        public void batch(List<TopicRecord> records) throws Exception {
            // Poison messages are already on the dead-letter topic from their first delivery; not sent again.
            writing.hand(projector.read(records));
        }

        private void write(Projector.Read batch) throws Exception {
            writer.apply(batch);
            done += batch.records().size();
            if (System.nanoTime() - reported > 500_000_000L) {
                state.done(token, done);
                reported = System.nanoTime();
            }
        }

        /** Waits for the writer to write every batch read; throws what stopped it, if anything did. */
        void finish() throws Exception {
            writing.finish();
        }

        /** The replay failed: the batches still waiting are not written. */
        void abandon() {
            writing.abandon();
        }
    }
}
