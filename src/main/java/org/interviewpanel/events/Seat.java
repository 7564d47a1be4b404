package org.interviewpanel.events;

/**
 * Where an interviewer sits in a session. A {@code SHADOW} is a trainee: they see the room and rate like a panelist,
 * but their ratings never count in the debrief's means and flags, in decisions, or in any panel statistic.
 */
public enum Seat {
    PANEL,
    SHADOW;

    public static Seat of(boolean shadow) {
        return shadow ? SHADOW : PANEL;
    }
}
