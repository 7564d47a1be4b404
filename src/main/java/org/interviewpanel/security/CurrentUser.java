package org.interviewpanel.security;

import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.arc.ClientProxy;
import io.quarkus.oidc.runtime.OidcJwtCallerPrincipal;
import io.quarkus.security.identity.SecurityIdentity;

/** Who is calling, as the services need it: username, display name and realm roles. */
@RequestScoped
@Named("currentUser")
public class CurrentUser {

    @Inject
    SecurityIdentity identity;

    /** The access token for bearer calls, the ID token for the console; both carry the profile claims. */
    @Inject
    JsonWebToken token;

    public String username() {
        return identity.getPrincipal().getName();
    }

    public String displayName() {
        String name = claim("name");
        return name == null || name.isBlank() ? username() : name;
    }

    public Set<String> roles() {
        Set<String> roles = new TreeSet<>(identity.getRoles());
        roles.retainAll(Set.of(Roles.ADMIN, Roles.INTERVIEWER, Roles.HIRING_MANAGER));
        return roles;
    }

    /** The roles in words, for a tooltip: "interviewer, hiring manager". */
    public String roleNames() {
        return String.join(", ", roles()).replace('-', ' ');
    }

    public boolean has(String role) {
        return identity.hasRole(role);
    }

    public boolean isAdmin() {
        return has(Roles.ADMIN);
    }

    /** Hiring managers and admins read the hiring reports. */
    public boolean isReportsVisible() {
        return has(Roles.HIRING_MANAGER) || has(Roles.ADMIN);
    }

    public Actor actor() {
        return new Actor(username(), isAdmin());
    }

    private String claim(String name) {
        if (token.getRawToken() == null) {
            return null;
        }
        // From the token's own claims where it is Quarkus's: JsonWebToken.getClaim first looks a name up among the
        // standard claims, and for any other ("name" is one) throws and catches an exception — on every request.
        Object value = ClientProxy.unwrap(token) instanceof OidcJwtCallerPrincipal oidc
                ? oidc.getClaims().getClaimValue(name)
                : token.getClaim(name);
        return value == null ? null : value.toString().replace("\"", "");
    }
}
