package org.interviewpanel.security;

/** Who performs an action, as services check it: ownership by username, elevated rights by the admin role. */
public record Actor(String username, boolean admin) {

    public boolean owns(String owner) {
        return username.equals(owner);
    }

    public boolean mayChange(String owner) {
        return admin || owns(owner);
    }
}
