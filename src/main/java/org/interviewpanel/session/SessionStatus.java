package org.interviewpanel.session;

/**
 * Where a session is: SCHEDULED → LIVE → ENDED → DECIDED, or CANCELLED from SCHEDULED or LIVE. What each state allows
 * is asked here, not spelled out by every caller (scoring, links, the live room, the pages).
 */
public enum SessionStatus {
    SCHEDULED,
    LIVE,
    ENDED,
    DECIDED,
    CANCELLED;

    public boolean startable() {
        return this == SCHEDULED;
    }

    public boolean live() {
        return this == LIVE;
    }

    /** Panelists rate while the interview runs and until they submit, after it ended. */
    public boolean acceptsRatings() {
        return this == LIVE || this == ENDED;
    }

    /** A scorecard is submitted once the lead has ended the session, and until the decision. */
    public boolean acceptsScorecards() {
        return this == ENDED;
    }

    public boolean decidable() {
        return this == ENDED;
    }

    public boolean cancellable() {
        return this == SCHEDULED || this == LIVE;
    }

    /** A candidate link may be issued, and always lets the candidate in. */
    public boolean hasCandidateLink() {
        return this == SCHEDULED || this == LIVE;
    }

    /**
     * Over, but a candidate still connected may keep the page for the link's grace period. Only an over session can
     * have submitted scorecards (they are taken while it is {@link #ENDED}; a cancelled session never ended).
     */
    public boolean over() {
        return this == ENDED || this == DECIDED;
    }
}
