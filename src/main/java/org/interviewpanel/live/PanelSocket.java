package org.interviewpanel.live;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;

import org.interviewpanel.events.ParticipantRole;
import org.interviewpanel.kernel.ProblemException;
import org.interviewpanel.scoring.ScoringDtos;
import org.interviewpanel.scoring.ScoringService;
import org.interviewpanel.security.CurrentUser;
import org.interviewpanel.security.Roles;
import org.interviewpanel.session.SessionQueries;
import org.interviewpanel.session.Viewer;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.PathParam;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;

/**
 * The panel's live channel: a snapshot on connect, then presence, question changes, scoring progress (counts only)
 * and status changes. Panelists,
 * hiring managers and admins only (the console cookie, or a bearer token on the upgrade request).
 */
@WebSocket(path = "/ws/sessions/{id}")
@RolesAllowed({ Roles.INTERVIEWER, Roles.HIRING_MANAGER, Roles.ADMIN })
public class PanelSocket {

    static final short NOT_FOUND = 4404;
    static final short TOO_MANY = 4429;
    /** "Try again later": this instance serves no live rooms ({@link LiveConfig#enabled}); another one does. */
    static final short NOT_SERVED_HERE = 1013;

    @Inject
    WebSocketConnection connection;

    @Inject
    CurrentUser user;

    @Inject
    SessionQueries sessions;

    @Inject
    ScoringService scoring;

    @Inject
    LiveRoom room;

    @Inject
    Presence presence;

    @Inject
    LiveConfig live;

    @OnOpen
    public void open(WebSocketConnection self, @PathParam String id) {
        if (!live.enabled()) {
            connection.closeAndAwait(new CloseReason(NOT_SERVED_HERE, "no live rooms on this instance"));
            return;
        }
        Viewer viewer = Viewer.of(user);
        UUID sessionId;
        try {
            sessionId = UUID.fromString(id);
            sessions.get(sessionId, viewer);
        } catch (IllegalArgumentException | ProblemException e) {
            // Not on the panel: the same answer as for a session that does not exist.
            connection.closeAndAwait(new CloseReason(NOT_FOUND, "no such session"));
            return;
        }
        if (presence
                .open(new Presence.Seat(sessionId, ParticipantRole.PANELIST, user.username())) == Presence.Admission.REFUSED) {
            connection.closeAndAwait(new CloseReason(TOO_MANY, "too many connections"));
            return;
        }
        // The registry keeps the connection itself, as the callback's parameter gives it (the injected one is a proxy
        // bound to this callback; finding the connection by its id among all open ones was a scan of every socket on
        // the instance, for every connect). Registered before the snapshot is read, so a change made meanwhile reaches
        // this socket, right after the snapshot.
        RoomConnection member = new RoomConnection(self, user.username(), null);
        room.addPanel(sessionId, member);
        member.open(Frame.of("snapshot", sessionId, new Snapshot(sessions.panelSnapshot(sessionId, viewer),
                room.presence(sessionId), scoring.progress(sessionId))));
    }

    @OnClose
    public void close() {
        UUID sessionId = room.remove(connection);
        if (sessionId != null) {
            presence.close(new Presence.Seat(sessionId, ParticipantRole.PANELIST, user.username()));
        }
    }

    /** What a panelist gets on connect. */
    public record Snapshot(SessionQueries.PanelSnapshot session, LiveRoom.Presence presence,
            ScoringDtos.Progress progress) {
    }
}
