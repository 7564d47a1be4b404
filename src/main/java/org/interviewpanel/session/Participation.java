package org.interviewpanel.session;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.interviewpanel.events.JoinedVia;
import org.interviewpanel.events.Outbox;
import org.interviewpanel.events.ParticipantRole;
import org.interviewpanel.events.SessionEvent;

/** Records that someone opened or left the live room: an event, no change of the session's state. */
@ApplicationScoped
public class Participation {

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    /** Records that someone opened or left the live room (no change of the session's state). */
    @Transactional
    public void participant(UUID sessionId, ParticipantRole role, String username, boolean joined) {
        InterviewSession session = InterviewSession.findById(sessionId);
        if (session == null) {
            return;
        }
        Instant now = clock.instant();
        outbox.record(joined
                ? new SessionEvent.ParticipantJoined(session.id, session.candidateRef, role, username,
                        JoinedVia.ROOM, now)
                : new SessionEvent.ParticipantLeft(session.id, session.candidateRef, role, username, now),
                session.version);
    }
}
