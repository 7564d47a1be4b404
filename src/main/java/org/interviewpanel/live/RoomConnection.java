package org.interviewpanel.live;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

import org.interviewpanel.session.CandidateLinks;
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
    /** The hash of the candidate's device token ({@link CandidateLinks#deviceHash}); null for panelists. */
    private final byte[] deviceHash;
    private List<Pending> waiting = new ArrayList<>();

    /** A frame's text held back until the snapshot has gone out, and what to do once it is written. */
    private record Pending(String frame, Runnable written) {
    }

    RoomConnection(WebSocketConnection socket, String username, String deviceToken) {
        this.socket = socket;
        this.username = username;
        this.deviceHash = deviceToken == null ? null : CandidateLinks.deviceHash(deviceToken);
    }

    /** Whether this is the candidate's socket of the device {@code connected} ({@link CandidateLinks#connectedDevices}). */
    boolean isDevice(byte[] connected) {
        return deviceHash != null && connected != null && MessageDigest.isEqual(deviceHash, connected);
    }

    String id() {
        return socket.id();
    }

    /** Sends the snapshot, then what arrived for this socket meanwhile; from now on frames go out as they come. */
    synchronized void open(Object snapshot) {
        socket.sendTextAndAwait(snapshot);
        for (Pending pending : waiting) {
            socket.sendTextAndAwait(pending.frame());
            pending.written().run();
        }
        waiting = null;
    }

    /**
     * Sends a frame's JSON text (or holds it until the snapshot is out); {@code written} runs once the socket has taken
     * it.
     */
    synchronized void send(String frame, Runnable written) {
        if (waiting != null) {
            waiting.add(new Pending(frame, written));
        } else if (socket.isOpen()) {
            socket.sendText(frame).subscribe().with(v -> written.run(),
                    e -> LOG.debugf("frame to %s lost: %s", username == null ? "the candidate" : username, e));
        }
    }
}
