package org.interviewpanel.live;

import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Serial lanes keyed by session: work for one session runs in the order it was handed in, on the lane its id hashes
 * to, while other sessions' work runs beside it on the other lanes. So one session's database read (a candidate's
 * view, the scoring progress) delays only the sessions that share its lane, never the whole instance's fan-out.
 */
final class SessionLanes implements AutoCloseable {

    private final ExecutorService[] lanes;

    SessionLanes(int count, String name) {
        lanes = new ExecutorService[count];
        for (int i = 0; i < count; i++) {
            String thread = name + "-" + i;
            lanes[i] = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, thread);
                t.setDaemon(true);
                return t;
            });
        }
    }

    void execute(UUID session, Runnable work) {
        lanes[Math.floorMod(session.hashCode(), lanes.length)].execute(work);
    }

    @Override
    public void close() {
        for (ExecutorService lane : lanes) {
            lane.shutdown();
        }
        for (ExecutorService lane : lanes) {
            try {
                lane.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
