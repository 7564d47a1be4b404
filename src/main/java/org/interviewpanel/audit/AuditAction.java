package org.interviewpanel.audit;

/** What an audit entry records. */
public enum AuditAction {
    /** Someone read a session's debrief (every panelist's ratings, notes and scorecard). */
    DEBRIEF_READ,
    /** The hiring decision was recorded. */
    DECISION,
    /** A panelist tried to change a rating after submitting their scorecard (refused). */
    RATING_CHANGE_AFTER_SUBMIT,
    /** The candidate link was rotated (a new link issued). */
    LINK_ROTATED,
    /** The candidate link was revoked. */
    LINK_REVOKED,
    /** Everything held about a candidate was exported. */
    CANDIDATE_EXPORTED,
    /** A candidate's identity and free text were erased (by an admin or by the retention job). */
    CANDIDATE_ERASED
}
