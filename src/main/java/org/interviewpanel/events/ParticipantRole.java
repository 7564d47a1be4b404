package org.interviewpanel.events;

/** Who joined or left a live room. */
public enum ParticipantRole {
    CANDIDATE,
    PANELIST
}
