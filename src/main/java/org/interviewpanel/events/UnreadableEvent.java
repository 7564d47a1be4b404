package org.interviewpanel.events;

/** A record on the events topic that is not a session event this version can read; the message says why. */
public final class UnreadableEvent extends Exception {

    private static final long serialVersionUID = 1L;

    public UnreadableEvent(String reason) {
        super(reason, null, false, false);
    }
}
