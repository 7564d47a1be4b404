package org.interviewpanel.questionset;

/** A question set in use (ACTIVE), or kept only because a session used it (ARCHIVED). */
public enum SetStatus {
    ACTIVE,
    ARCHIVED
}
