package org.interviewpanel.live;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.interviewpanel.scoring.ScoringService;
import org.interviewpanel.session.CandidateLinks;
import org.interviewpanel.session.SessionService;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.StartupEvent;
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
    SessionService sessions;

    @Inject
    CandidateLinks links;

    @Inject
    ScoringService scoring;

    @Inject
    ObjectMapper json;

    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "live-candidate-sweep");
        t.setDaemon(true);
        return t;
    });

    void start(@Observes StartupEvent event) {
        // A revoked or superseded candidate device is disconnected within seconds even without an event.
        sweeper.scheduleWithFixedDelay(this::sweepCandidates, 2, 2, TimeUnit.SECONDS);
    }

    @Incoming("session-events-live")
    @Blocking(ordered = true)
    @ActivateRequestContext
    public CompletionStage<Void> onEvent(Message<String> message) {
        try {
            var metadata = message.getMetadata(IncomingKafkaRecordMetadata.class);
            String type = metadata.map(m -> header(m.getHeaders().lastHeader("ce_type"))).orElse(null);
            JsonNode event = json.readTree(message.getPayload());
            UUID sessionId = UUID.fromString(event.path("sessionId").asText());
            dispatch(type, sessionId, event);
        } catch (Exception e) {
            LOG.warnf("Live fan-out skipped an event: %s", e.toString());
        }
        return message.ack();
    }

    void dispatch(String type, UUID sessionId, JsonNode event) {
        if (type == null) {
            return;
        }
        switch (type) {
            case "interviewpanel.participant.joined.v1", "interviewpanel.participant.left.v1" -> {
                if (type.endsWith("joined.v1") && !"ROOM".equals(event.path("via").asText())) {
                    sweep(sessionId);
                    return;
                }
                String who = "CANDIDATE".equals(event.path("role").asText()) ? "candidate"
                        : "user:" + event.path("username").asText();
                if (type.endsWith("joined.v1")) {
                    room.joined(sessionId, who);
                } else {
                    room.left(sessionId, who);
                }
                toPanel(sessionId, Frame.of("presence", sessionId, room.presence(sessionId)));
            }
            case "interviewpanel.question.asked.v1" -> {
                toPanel(sessionId, Frame.of("question", sessionId, Map.of("position", event.path("position").asInt(),
                        "total", event.path("total").asInt(), "askedAt", event.path("askedAt").asText(),
                        "questionKey", event.path("questionKey").asText())));
                toCandidates(sessionId, "question");
            }
            case "interviewpanel.session.started.v1", "interviewpanel.session.ended.v1",
                    "interviewpanel.session.cancelled.v1" -> {
                String status = type.contains("started") ? "LIVE" : type.contains("ended") ? "ENDED" : "CANCELLED";
                toPanel(sessionId, Frame.of("status", sessionId, Map.of("status", status)));
                toCandidates(sessionId, "status");
            }
            case "interviewpanel.decision.recorded.v1" ->
                toPanel(sessionId, Frame.of("status", sessionId, Map.of("status", "DECIDED")));
            case "interviewpanel.rating.recorded.v1", "interviewpanel.scorecard.submitted.v1" -> {
                // The event carries the value; the room gets counts only, read fresh after the commit.
                if (!room.panel(sessionId).isEmpty()) {
                    toPanel(sessionId, Frame.of("progress", sessionId, scoring.progress(sessionId)));
                }
            }
            default -> {
                // scheduled and later types: nothing to push yet
            }
        }
    }

    private void toPanel(UUID sessionId, Frame frame) {
        for (RoomConnection p : room.panel(sessionId)) {
            p.send(frame);
        }
    }

    /** The candidate always gets a fresh candidate view, built by the same code as the REST view. */
    private void toCandidates(UUID sessionId, String frameType) {
        for (RoomConnection c : room.candidates(sessionId)) {
            if (links.sessionIdOf(c.deviceToken).isEmpty()) {
                disconnect(c);
                continue;
            }
            c.send(Frame.of(frameType, sessionId, sessions.candidateView(sessionId)));
        }
    }

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

    private static String header(Header header) {
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @PreDestroy
    void stop() {
        sweeper.shutdownNow();
    }
}
