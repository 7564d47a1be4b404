package org.interviewpanel.live;

import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;

import io.quarkus.websockets.next.WebSocketConnection;

/**
 * One socket in a live room. Frames for it wait until its snapshot has gone out, so a client always gets the snapshot
 * first and then every change in order, none lost in between (a frame older than the snapshot is harmless: frames are
 * idempotent for the clients).
 */
final class RoomConnection {

    private static final Logger LOG = Logger.getLogger(RoomConnection.class);

    final WebSocketConnection socket;
    /** The panelist's username; null for the candidate. */
    final String username;
    /** The candidate's device token; null for panelists. */
    final String deviceToken;
    private List<Object> waiting = new ArrayList<>();

    RoomConnection(WebSocketConnection socket, String username, String deviceToken) {
        this.socket = socket;
        this.username = username;
        this.deviceToken = deviceToken;
    }

    String id() {
        return socket.id();
    }

    /** Sends the snapshot, then what arrived for this socket meanwhile; from now on frames go out as they come. */
    synchronized void open(Object snapshot) {
        socket.sendTextAndAwait(snapshot);
        for (Object frame : waiting) {
            socket.sendTextAndAwait(frame);
        }
        waiting = null;
    }

    synchronized void send(Object frame) {
        if (waiting != null) {
            waiting.add(frame);
        } else if (socket.isOpen()) {
            socket.sendText(frame).subscribe().with(v -> {
            }, e -> LOG.debugf("frame to %s lost: %s", username == null ? "the candidate" : username, e));
        }
    }
}
