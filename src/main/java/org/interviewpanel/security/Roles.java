package org.interviewpanel.security;

/** Realm roles of the Keycloak realm {@code interview-panel}. */
public final class Roles {

    public static final String ADMIN = "admin";
    public static final String INTERVIEWER = "interviewer";
    public static final String HIRING_MANAGER = "hiring-manager";

    private Roles() {
    }
}
