package org.interviewpanel.session;

/** The hiring decision recorded after a session. */
public enum Decision {
    HIRE,
    NO_HIRE,
    HOLD
}
