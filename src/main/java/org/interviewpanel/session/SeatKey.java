package org.interviewpanel.session;

import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

/** The identity of a seat on a session's panel: the session and the panelist's username (a composite primary key). */
public class SeatKey implements Serializable {

    private static final long serialVersionUID = 1L;

    public UUID sessionId;
    public String username;

    public static SeatKey of(UUID sessionId, String username) {
        SeatKey key = new SeatKey();
        key.sessionId = sessionId;
        key.username = username;
        return key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SeatKey k && Objects.equals(k.username, username) && Objects.equals(k.sessionId, sessionId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sessionId, username);
    }
}
