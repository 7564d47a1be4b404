package org.interviewpanel.session;

/** Where a session is: SCHEDULED → LIVE → ENDED → DECIDED, or CANCELLED from SCHEDULED or LIVE. */
public enum SessionStatus {
    SCHEDULED,
    LIVE,
    ENDED,
    DECIDED,
    CANCELLED
}
