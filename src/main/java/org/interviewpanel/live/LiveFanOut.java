package org.interviewpanel.live;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.common.header.Headers;
import org.interviewpanel.events.EventReader;
import org.interviewpanel.events.EventType;
import org.interviewpanel.events.JoinedVia;
import org.interviewpanel.events.ParticipantRole;
import org.interviewpanel.events.ReceivedEvent;
import org.interviewpanel.events.UnreadableEvent;
import org.interviewpanel.scoring.ScoringService;
import org.interviewpanel.session.CandidateLinks;
import org.interviewpanel.session.SessionDtos.CandidateSession;
import org.interviewpanel.session.SessionStatus;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.websockets.next.CloseReason;

/**
 * Every instance reads the session events under its own consumer group and pushes them to the WebSocket clients
 * connected to it, so a panelist on instance A sees what the lead did on instance B.
 * <p>
 * The consumer only reads each event and hands it to its session's lane ({@link SessionLanes}): a session's frames go
 * out in event order, and a session whose frame needs the database (the candidate's link check, the scoring progress)
 * holds up only its own lane. Each frame is serialized once and the same text written to every socket; the
 * candidate's view after a question is asked comes from {@link CandidateViews}, not from a read per event, and the
 * check that the candidate's device is still the connected one is one statement per event
 * ({@link CandidateLinks#connectedDevices}).
 */
@ApplicationScoped
public class LiveFanOut {

    private static final Logger LOG = Logger.getLogger(LiveFanOut.class);

    @Inject
    LiveRoom room;

    @Inject
    CandidateViews candidateViews;

    @Inject
    CandidateLinks links;

    @Inject
    ScoringService scoring;

    @Inject
    EventReader reader;

    @Inject
    LiveMetrics metrics;

    @Inject
    LiveConfig config;

    @Inject
    ObjectMapper json;

    private SessionLanes lanes;

    @PostConstruct
    void start() {
        lanes = new SessionLanes(config.fanOutLanes(), "live-fan-out");
    }

    @PreDestroy
    void stop() {
        lanes.close();
    }

    /**
     * One record from the live consumer's thread: read, and handed to its session's lane (never waits for the fan-out).
     * An unreadable record is skipped: the live room shows what it can, the analytics tier keeps the record.
     */
    public void onRecord(Headers headers, byte[] value, long recordTimestamp) {
        long received = System.nanoTime();
        try {
            reader.read(null, headers, value, false).ifPresent(event -> {
                metrics.received(event.time(), Instant.ofEpochMilli(recordTimestamp));
                lanes.execute(event.sessionId(), () -> fanOut(event, received));
            });
        } catch (UnreadableEvent | RuntimeException e) {
            LOG.warnf("Live fan-out skipped an event: %s", e.getMessage());
        }
    }

    /** On the event's session lane, with a request context for the reads some frames need. */
    private void fanOut(ReceivedEvent event, long received) {
        ManagedContext context = Arc.container().requestContext();
        context.activate();
        try {
            dispatch(event, received);
            metrics.fannedOut(event.time());
        } catch (RuntimeException e) {
            LOG.warnf("Live fan-out skipped an event: %s", e.toString());
        } finally {
            context.terminate();
        }
    }

    void dispatch(ReceivedEvent event, long received) {
        UUID sessionId = event.sessionId();
        JsonNode data = event.data();
        switch (event.type()) {
            case PARTICIPANT_JOINED, PARTICIPANT_LEFT -> {
                boolean joined = event.type() == EventType.PARTICIPANT_JOINED;
                if (joined && !JoinedVia.ROOM.name().equals(data.path("via").asText())) {
                    if (!room.candidates(sessionId).isEmpty()) {
                        sweep(List.of(sessionId));
                    }
                    return;
                }
                String who = ParticipantRole.CANDIDATE.name().equals(data.path("role").asText()) ? "candidate"
                        : "user:" + data.path("username").asText();
                if (joined) {
                    room.joined(sessionId, who);
                } else {
                    room.left(sessionId, who);
                }
                toPanel(event, received, Frame.of("presence", sessionId, room.presence(sessionId)));
            }
            case QUESTION_ASKED -> {
                int position = data.path("position").asInt();
                toPanel(event, received, Frame.of("question", sessionId, Map.of("position", position,
                        "total", data.path("total").asInt(), "askedAt", data.path("askedAt").asText(),
                        "questionKey", data.path("questionKey").asText())));
                Instant askedAt = instant(data.path("askedAt").asText());
                toCandidates(event, received, "question", () -> candidateViews.asked(sessionId, position, askedAt));
            }
            case SESSION_STARTED -> status(event, received, SessionStatus.LIVE);
            case SESSION_ENDED -> status(event, received, SessionStatus.ENDED);
            case SESSION_CANCELLED -> status(event, received, SessionStatus.CANCELLED);
            case DECISION_RECORDED -> {
                candidateViews.forget(sessionId);
                toPanel(event, received, Frame.of("status", sessionId, Map.of("status", "DECIDED")));
            }
            case RATING_RECORDED, SCORECARD_SUBMITTED -> {
                // The event carries the value; the room gets counts only, read fresh after the commit.
                if (!room.panel(sessionId).isEmpty()) {
                    toPanel(event, received, Frame.of("progress", sessionId, scoring.progress(sessionId)));
                }
            }
            case SESSION_RESCHEDULED -> {
                // the lobby shows the new time: the candidate gets a fresh view, the panel the new schedule
                toPanel(event, received, Frame.of("schedule", sessionId, Map.of("scheduledAt",
                        data.path("scheduledAt").asText(), "durationMinutes", data.path("durationMinutes").asInt())));
                candidateViews.forget(sessionId);
                toCandidates(event, received, "status", () -> candidateViews.current(sessionId));
            }
            case CANDIDATE_ERASED, SESSION_SCHEDULED -> {
                // nothing live to tell (the room re-reads the session on its next load); a cached view is read again
                candidateViews.forget(sessionId);
            }
            case CALIBRATION_ATTEMPTED -> {
                // a training exercise: no room
            }
        }
    }

    private void status(ReceivedEvent event, long received, SessionStatus status) {
        toPanel(event, received, Frame.of("status", event.sessionId(), Map.of("status", status.name())));
        candidateViews.forget(event.sessionId());
        toCandidates(event, received, "status", () -> candidateViews.current(event.sessionId()));
    }

    private void toPanel(ReceivedEvent event, long received, Frame frame) {
        String text = null; // serialized once, the same text to every socket
        for (RoomConnection p : room.panel(event.sessionId())) {
            if (text == null) {
                text = text(frame);
            }
            p.send(text, () -> metrics.frameWritten(frame.type(), event.time(), received));
        }
    }

    /**
     * The candidate gets the candidate view (the same record as the REST view), once its device is checked to be still
     * the session's connected device; the view is built once for all of the session's candidate sockets.
     */
    private void toCandidates(ReceivedEvent event, long received, String frameType, Supplier<CandidateSession> view) {
        UUID sessionId = event.sessionId();
        Set<RoomConnection> candidates = room.candidates(sessionId);
        if (candidates.isEmpty()) {
            return;
        }
        byte[] device = links.connectedDevices(List.of(sessionId)).get(sessionId);
        String text = null;
        for (RoomConnection c : candidates) {
            if (!c.isDevice(device)) {
                disconnect(c);
                continue;
            }
            if (text == null) {
                text = text(Frame.of(frameType, sessionId, view.get()));
            }
            c.send(text, () -> metrics.frameWritten(frameType, event.time(), received));
        }
    }

    private String text(Frame frame) {
        try {
            return json.writeValueAsString(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("frame " + frame.type() + " cannot be written", e);
        }
    }

    private static Instant instant(String text) {
        try {
            // to the microsecond, rounded as the JDBC driver rounds it: the same instant the candidate's REST view reads
            Instant exact = Instant.parse(text);
            return Instant.ofEpochSecond(exact.getEpochSecond()).plusNanos(Math.round(exact.getNano() / 1000.0) * 1000);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A revoked or superseded candidate device is disconnected within seconds even without an event. */
    @Scheduled(every = "2s", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweepCandidates() {
        try {
            List<UUID> sessions = List.copyOf(room.allCandidates().keySet());
            sweep(sessions);
            Set<UUID> connected = new HashSet<>();
            for (UUID sessionId : sessions) {
                if (!room.candidates(sessionId).isEmpty()) {
                    connected.add(sessionId);
                }
            }
            candidateViews.retainOnly(connected);
        } catch (RuntimeException e) {
            LOG.debugf("candidate sweep failed: %s", e.toString());
        }
    }

    /** Disconnects these sessions' candidate sockets whose device is no longer connected (one statement for all). */
    private void sweep(Collection<UUID> sessionIds) {
        if (sessionIds.isEmpty()) {
            return;
        }
        Map<UUID, byte[]> devices = links.connectedDevices(sessionIds);
        for (UUID sessionId : sessionIds) {
            for (RoomConnection c : room.candidates(sessionId)) {
                if (!c.isDevice(devices.get(sessionId))) {
                    disconnect(c);
                }
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
