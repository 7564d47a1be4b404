package org.interviewpanel.live;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.interviewpanel.events.EventReader;
import org.interviewpanel.events.EventType;
import org.interviewpanel.events.JoinedVia;
import org.interviewpanel.events.ParticipantRole;
import org.interviewpanel.events.ReceivedEvent;
import org.interviewpanel.events.UnreadableEvent;
import org.interviewpanel.scoring.ScoringService;
import org.interviewpanel.session.CandidateLinks;
import org.interviewpanel.session.CandidateSessionView;
import org.interviewpanel.session.SessionStatus;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.websockets.next.CloseReason;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * Every instance reads the session events under its own consumer group and pushes them to the WebSocket clients
 * connected to it, so a panelist on instance A sees what the lead did on instance B.
 */
@ApplicationScoped
public class LiveFanOut {

    private static final Logger LOG = Logger.getLogger(LiveFanOut.class);

    @Inject
    LiveRoom room;

    @Inject
    CandidateSessionView sessions;

    @Inject
    CandidateLinks links;

    @Inject
    ScoringService scoring;

    @Inject
    EventReader reader;

    @Inject
    LiveMetrics metrics;

    @Incoming("session-events-live")
    @Blocking(ordered = true)
    @ActivateRequestContext
    public CompletionStage<Void> onEvent(Message<byte[]> message) {
        try {
            var metadata = message.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow();
            reader.read(null, metadata.getHeaders(), message.getPayload(), false).ifPresent(event -> {
                dispatch(event);
                metrics.fannedOut(event.time());
            });
        } catch (UnreadableEvent | RuntimeException e) {
            LOG.warnf("Live fan-out skipped an event: %s", e.getMessage());
        }
        return message.ack();
    }

    void dispatch(ReceivedEvent event) {
        UUID sessionId = event.sessionId();
        JsonNode data = event.data();
        switch (event.type()) {
            case PARTICIPANT_JOINED, PARTICIPANT_LEFT -> {
                boolean joined = event.type() == EventType.PARTICIPANT_JOINED;
                if (joined && !JoinedVia.ROOM.name().equals(data.path("via").asText())) {
                    sweep(sessionId);
                    return;
                }
                String who = ParticipantRole.CANDIDATE.name().equals(data.path("role").asText()) ? "candidate"
                        : "user:" + data.path("username").asText();
                if (joined) {
                    room.joined(sessionId, who);
                } else {
                    room.left(sessionId, who);
                }
                toPanel(event, Frame.of("presence", sessionId, room.presence(sessionId)));
            }
            case QUESTION_ASKED -> {
                toPanel(event, Frame.of("question", sessionId, Map.of("position", data.path("position").asInt(),
                        "total", data.path("total").asInt(), "askedAt", data.path("askedAt").asText(),
                        "questionKey", data.path("questionKey").asText())));
                toCandidates(event, "question");
            }
            case SESSION_STARTED -> status(event, SessionStatus.LIVE);
            case SESSION_ENDED -> status(event, SessionStatus.ENDED);
            case SESSION_CANCELLED -> status(event, SessionStatus.CANCELLED);
            case DECISION_RECORDED -> toPanel(event, Frame.of("status", sessionId, Map.of("status", "DECIDED")));
            case RATING_RECORDED, SCORECARD_SUBMITTED -> {
                // The event carries the value; the room gets counts only, read fresh after the commit.
                if (!room.panel(sessionId).isEmpty()) {
                    toPanel(event, Frame.of("progress", sessionId, scoring.progress(sessionId)));
                }
            }
            case SESSION_RESCHEDULED -> {
                // the lobby shows the new time: the candidate gets a fresh view, the panel the new schedule
                toPanel(event, Frame.of("schedule", sessionId, Map.of("scheduledAt", data.path("scheduledAt").asText(),
                        "durationMinutes", data.path("durationMinutes").asInt())));
                toCandidates(event, "status");
            }
            case CANDIDATE_ERASED -> {
                // the room re-reads the session on its next load; nothing live to tell
            }
            case SESSION_SCHEDULED -> {
                // nobody is in the room of a session being scheduled
            }
            case CALIBRATION_ATTEMPTED -> {
                // a training exercise: no room
            }
        }
    }

    private void status(ReceivedEvent event, SessionStatus status) {
        toPanel(event, Frame.of("status", event.sessionId(), Map.of("status", status.name())));
        toCandidates(event, "status");
    }

    private void toPanel(ReceivedEvent event, Frame frame) {
        for (RoomConnection p : room.panel(event.sessionId())) {
            p.send(frame, () -> metrics.frameWritten(frame.type(), event.time()));
        }
    }

    /** The candidate always gets a fresh candidate view, built by the same code as the REST view. */
    private void toCandidates(ReceivedEvent event, String frameType) {
        UUID sessionId = event.sessionId();
        Frame frame = null; // one view per event, read once for all of the session's candidate sockets
        for (RoomConnection c : room.candidates(sessionId)) {
            if (links.sessionIdOf(c.deviceToken).isEmpty()) {
                disconnect(c);
                continue;
            }
            if (frame == null) {
                frame = Frame.of(frameType, sessionId, sessions.candidateView(sessionId));
            }
            c.send(frame, () -> metrics.frameWritten(frameType, event.time()));
        }
    }

    /** A revoked or superseded candidate device is disconnected within seconds even without an event. */
    @Scheduled(every = "2s", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @ActivateRequestContext
    void sweepCandidates() {
        try {
            for (UUID sessionId : List.copyOf(room.allCandidates().keySet())) {
                sweep(sessionId);
            }
        } catch (RuntimeException e) {
            LOG.debugf("candidate sweep failed: %s", e.toString());
        }
    }

    private void sweep(UUID sessionId) {
        for (RoomConnection c : room.candidates(sessionId)) {
            if (links.sessionIdOf(c.deviceToken).isEmpty()) {
                disconnect(c);
            }
        }
    }

    private void disconnect(RoomConnection c) {
        if (c.socket.isOpen()) {
            c.socket.close(new CloseReason(CandidateSocket.NOT_CONNECTED, "disconnected")).subscribe().with(v -> {
            }, e -> {
            });
        }
    }
}
