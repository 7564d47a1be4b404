package org.interviewpanel.security;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.interviewpanel.kernel.ProblemException;
import org.interviewpanel.kernel.ProblemType;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.UserRepresentation;

import io.quarkus.cache.CacheResult;

/**
 * The people who may sit on a panel: Keycloak's users holding a realm role, read through Quarkus' Keycloak admin client
 * with the {@code panel-directory} service account (client credentials, view-users only). Each role's list is cached for
 * 30 seconds ({@code quarkus.cache.caffeine.people-by-role}); Keycloak stays the source of truth.
 */
@ApplicationScoped
public class PeopleDirectory {

    /** email: for invitations and reminders only; never in the people list's JSON. */
    public record Person(String username, String displayName,
            @com.fasterxml.jackson.annotation.JsonIgnore String email) {
    }

    private static final int PAGE = 200;

    @Inject
    Keycloak keycloak;

    @ConfigProperty(name = "quarkus.keycloak.admin-client.realm")
    String realm;

    @Inject
    PeopleDirectory self;

    public List<Person> withRole(String role, String query) {
        List<Person> people = self.withRole(role);
        if (query == null || query.isBlank()) {
            return people;
        }
        String q = query.strip().toLowerCase(Locale.ROOT);
        return people.stream().filter(p -> p.username().toLowerCase(Locale.ROOT).contains(q)
                || p.displayName().toLowerCase(Locale.ROOT).contains(q)).toList();
    }

    /**
     * username → display name of everyone with a role of the platform, for pages that would otherwise show usernames; a
     * name the directory cannot give (it is down, or the person left) is the username itself.
     */
    public Function<String, String> names() {
        Map<String, String> names = new HashMap<>();
        try {
            for (String role : List.of(Roles.INTERVIEWER, Roles.HIRING_MANAGER, Roles.ADMIN)) {
                self.withRole(role).forEach(p -> names.put(p.username(), p.displayName()));
            }
        } catch (ProblemException e) {
            // the directory is unavailable: usernames it is
        }
        return username -> names.getOrDefault(username, username);
    }

    public Optional<Person> find(String role, String username) {
        return self.withRole(role).stream().filter(p -> p.username().equals(username)).findFirst();
    }

    /** Everyone enabled with the realm role, by display name; 503 when Keycloak does not answer. */
    @CacheResult(cacheName = "people-by-role")
    public List<Person> withRole(String role) {
        try {
            List<Person> people = new ArrayList<>();
            for (int first = 0;; first += PAGE) {
                List<UserRepresentation> users = keycloak.realm(realm).roles().get(role).getUserMembers(true, first,
                        PAGE);
                for (UserRepresentation user : users) {
                    if (!Boolean.FALSE.equals(user.isEnabled()) && !user.getUsername().startsWith("service-account-")) {
                        people.add(new Person(user.getUsername(), displayName(user), user.getEmail()));
                    }
                }
                if (users.size() < PAGE) {
                    break;
                }
            }
            people.sort(Comparator.comparing(Person::displayName, String.CASE_INSENSITIVE_ORDER));
            return List.copyOf(people);
        } catch (NotFoundException e) {
            return List.of(); // no such role in the realm: nobody holds it
        } catch (WebApplicationException e) {
            throw unavailable("Keycloak answered " + e.getResponse().getStatus());
        } catch (ProcessingException | IllegalStateException e) {
            throw unavailable(e.getClass().getSimpleName());
        }
    }

    private static String displayName(UserRepresentation user) {
        String name = ((user.getFirstName() == null ? "" : user.getFirstName()) + " "
                + (user.getLastName() == null ? "" : user.getLastName())).strip();
        return name.isEmpty() ? user.getUsername() : name;
    }

    private static ProblemException unavailable(String why) {
        return new ProblemException(ProblemType.UNAVAILABLE, "The people directory is unavailable: " + why);
    }
}
