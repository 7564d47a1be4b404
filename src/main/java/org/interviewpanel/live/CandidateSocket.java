package org.interviewpanel.live;

import java.net.HttpCookie;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Inject;

import org.interviewpanel.events.ParticipantRole;
import org.interviewpanel.session.CandidateLinks;
import org.interviewpanel.session.CandidateSessionView;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;

/**
 * The candidate's live channel (candidate cookie): a snapshot, then the candidate's view again whenever the question or
 * the status changes. Every frame carries the candidate view only: never rubrics, follow-ups, ratings or notes.
 */
@WebSocket(path = "/ws/candidate")
public class CandidateSocket {

    static final short NOT_CONNECTED = 4401;
    static final String COOKIE = "panel_candidate";

    @Inject
    WebSocketConnection connection;

    @Inject
    CandidateLinks links;

    @Inject
    CandidateSessionView sessions;

    @Inject
    LiveRoom room;

    @Inject
    Presence presence;

    @Inject
    LiveConfig live;

    @OnOpen
    public void open(WebSocketConnection self) {
        if (!live.enabled()) {
            connection.closeAndAwait(new CloseReason(PanelSocket.NOT_SERVED_HERE, "no live rooms on this instance"));
            return;
        }
        String device = cookie(connection.handshakeRequest().header("Cookie")).orElse(null);
        Optional<UUID> session = links.sessionIdOf(device);
        if (session.isEmpty()) {
            connection.closeAndAwait(new CloseReason(NOT_CONNECTED, "not connected to an interview"));
            return;
        }
        UUID sessionId = session.get();
        if (presence.open(new Presence.Seat(sessionId, ParticipantRole.CANDIDATE, null)) == Presence.Admission.REFUSED) {
            connection.closeAndAwait(new CloseReason(PanelSocket.TOO_MANY, "too many connections"));
            return;
        }
        RoomConnection member = new RoomConnection(self, null, device);
        room.addCandidate(sessionId, member);
        member.open(Frame.of("snapshot", sessionId, sessions.candidateView(sessionId)));
    }

    @OnClose
    public void close() {
        UUID sessionId = room.remove(connection);
        if (sessionId != null) {
            presence.close(new Presence.Seat(sessionId, ParticipantRole.CANDIDATE, null));
        }
    }

    static Optional<String> cookie(String header) {
        if (header == null) {
            return Optional.empty();
        }
        for (String part : header.split(";")) {
            try {
                for (HttpCookie cookie : HttpCookie.parse(part.strip())) {
                    if (COOKIE.equals(cookie.getName())) {
                        return Optional.of(cookie.getValue());
                    }
                }
            } catch (IllegalArgumentException e) {
                // a malformed cookie among others: skip it
            }
        }
        return Optional.empty();
    }
}
