package org.interviewpanel.live;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.interviewpanel.events.ParticipantRole;
import org.interviewpanel.session.Participation;
import org.jboss.logging.Logger;

import io.vertx.core.Vertx;

/**
 * Who is connected to which room on this instance, with the caps that bound what a client can make the platform write:
 * a few sockets per participant per session and a few per user, refused beyond (close code 4429). Presence events go
 * to the topic (kept forever) only on changes: "joined" when a participant's first socket here opens, "left" when the
 * last one has been closed for the grace period. Reloads, reconnects and extra tabs write nothing.
 */
@ApplicationScoped
public class Presence {

    private static final Logger LOG = Logger.getLogger(Presence.class);

    /** A participant of one session: a panelist's username, or the candidate. */
    record Seat(UUID sessionId, ParticipantRole role, String username) {
    }

    enum Admission {
        /** The participant's first socket here: they joined. */
        JOINED,
        /** Another socket of someone already here (or back within the grace period): nothing to record. */
        ALREADY_HERE,
        REFUSED
    }

    @Inject
    LiveConfig config;

    @Inject
    Participation participation;

    @Inject
    Vertx vertx;

    private final Map<Seat, Integer> sockets = new HashMap<>();
    private final Map<String, Integer> perUser = new HashMap<>();
    private final Map<Seat, Long> leaving = new HashMap<>();

    /** Admits a socket, or refuses it when a cap is reached; records "joined" when the participant arrives. */
    Admission open(Seat seat) {
        Admission admission;
        synchronized (this) {
            if (sockets.getOrDefault(seat, 0) >= config.maxConnectionsPerParticipant()
                    || seat.username() != null && perUser.getOrDefault(seat.username(), 0) >= config.maxConnectionsPerUser()) {
                return Admission.REFUSED;
            }
            int now = sockets.merge(seat, 1, Integer::sum);
            if (seat.username() != null) {
                perUser.merge(seat.username(), 1, Integer::sum);
            }
            Long timer = now == 1 ? leaving.remove(seat) : null;
            if (timer != null) {
                vertx.cancelTimer(timer);
            }
            admission = now == 1 && timer == null ? Admission.JOINED : Admission.ALREADY_HERE;
        }
        if (admission == Admission.JOINED) {
            participation.participant(seat.sessionId(), seat.role(), seat.username(), true);
        }
        return admission;
    }

    /** A socket closed; "left" is recorded once the participant has had none here for the grace period. */
    synchronized void close(Seat seat) {
        Integer left = sockets.computeIfPresent(seat, (k, n) -> n > 1 ? n - 1 : null);
        if (seat.username() != null) {
            perUser.computeIfPresent(seat.username(), (k, n) -> n > 1 ? n - 1 : null);
        }
        if (left == null && !leaving.containsKey(seat)) {
            long timer = vertx.setTimer(Math.max(1, config.presenceGrace().toMillis()), id -> leave(seat, id));
            leaving.put(seat, timer);
        }
    }

    private void leave(Seat seat, long timer) {
        synchronized (this) {
            if (!Long.valueOf(timer).equals(leaving.get(seat)) || sockets.containsKey(seat)) {
                return;
            }
            leaving.remove(seat);
        }
        vertx.executeBlocking(() -> {
            participation.participant(seat.sessionId(), seat.role(), seat.username(), false);
            return null;
        }).onFailure(e -> LOG.warnf("could not record that %s left session %s: %s", seat.username() == null
                ? "the candidate"
                : seat.username(), seat.sessionId(), e.toString()));
    }
}
