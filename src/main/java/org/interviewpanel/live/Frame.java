package org.interviewpanel.live;

import java.time.Instant;
import java.util.UUID;

/** A WebSocket text frame: {@code {type, sessionId, at, data}}. */
public record Frame(String type, UUID sessionId, Instant at, Object data) {

    static Frame of(String type, UUID sessionId, Object data) {
        return new Frame(type, sessionId, Instant.now(), data);
    }
}
