package org.interviewpanel.events;

/** How someone joined: LINK, the candidate redeemed the link; ROOM, someone opened the live room (and will leave it). */
public enum JoinedVia {
    LINK,
    ROOM
}
