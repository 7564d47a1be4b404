package org.interviewpanel.security;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.interviewpanel.kernel.ProblemException;
import org.interviewpanel.kernel.ProblemType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The people who may sit on a panel: Keycloak's users holding a realm role, read through Keycloak's admin API with the
 * {@code panel-directory} service account (view-users only). Cached briefly; Keycloak stays the source of truth.
 */
@ApplicationScoped
public class PeopleDirectory {

    public record Person(String username, String displayName) {
    }

    private record Cached(List<Person> people, Instant until) {
    }

    private static final Duration CACHE = Duration.ofSeconds(30);

    @ConfigProperty(name = "quarkus.oidc.auth-server-url")
    String realmUrl;

    @ConfigProperty(name = "panel.directory.client-id", defaultValue = "panel-directory")
    String clientId;

    @ConfigProperty(name = "panel.directory.client-secret")
    String clientSecret;

    @Inject
    ObjectMapper json;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final Map<String, Cached> byRole = new ConcurrentHashMap<>();

    public List<Person> withRole(String role, String query) {
        List<Person> people = withRole(role);
        if (query == null || query.isBlank()) {
            return people;
        }
        String q = query.strip().toLowerCase(Locale.ROOT);
        return people.stream().filter(p -> p.username().toLowerCase(Locale.ROOT).contains(q)
                || p.displayName().toLowerCase(Locale.ROOT).contains(q)).toList();
    }

    /**
     * username → display name of everyone with a role of the platform, for pages that would otherwise show
     * usernames; a name the directory cannot give (it is down, or the person left) is the username itself.
     */
    public java.util.function.Function<String, String> names() {
        Map<String, String> names = new java.util.HashMap<>();
        try {
            for (String role : List.of(Roles.INTERVIEWER, Roles.HIRING_MANAGER, Roles.ADMIN)) {
                withRole(role).forEach(p -> names.put(p.username(), p.displayName()));
            }
        } catch (ProblemException e) {
            // the directory is unavailable: usernames it is
        }
        return username -> names.getOrDefault(username, username);
    }

    public Optional<Person> find(String role, String username) {
        return withRole(role).stream().filter(p -> p.username().equals(username)).findFirst();
    }

    List<Person> withRole(String role) {
        Cached cached = byRole.get(role);
        if (cached != null && cached.until().isAfter(Instant.now())) {
            return cached.people();
        }
        List<Person> people = fetch(role);
        byRole.put(role, new Cached(people, Instant.now().plus(CACHE)));
        return people;
    }

    private List<Person> fetch(String role) {
        String adminUrl = realmUrl.replace("/realms/", "/admin/realms/");
        try {
            String token = serviceToken();
            List<Person> people = new ArrayList<>();
            for (int first = 0;; first += 200) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(adminUrl + "/roles/"
                        + URLEncoder.encode(role, StandardCharsets.UTF_8) + "/users?briefRepresentation=true&first="
                        + first + "&max=200")).header("Authorization", "Bearer " + token)
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 404) {
                    return List.of();
                }
                if (response.statusCode() != 200) {
                    throw unavailable("Keycloak answered " + response.statusCode());
                }
                JsonNode users = json.readTree(response.body());
                for (JsonNode user : users) {
                    if (user.path("enabled").asBoolean(true)
                            && !user.path("username").asText().startsWith("service-account-")) {
                        people.add(new Person(user.path("username").asText(), displayName(user)));
                    }
                }
                if (users.size() < 200) {
                    break;
                }
            }
            people.sort(Comparator.comparing(Person::displayName, String.CASE_INSENSITIVE_ORDER));
            return List.copyOf(people);
        } catch (IOException e) {
            throw unavailable(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted");
        }
    }

    private String serviceToken() throws IOException, InterruptedException {
        String form = "grant_type=client_credentials&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(realmUrl
                + "/protocol/openid-connect/token")).header("Content-Type", "application/x-www-form-urlencoded")
                .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw unavailable("the directory client was refused a token (" + response.statusCode() + ")");
        }
        return json.readTree(response.body()).path("access_token").asText();
    }

    private static String displayName(JsonNode user) {
        String name = (user.path("firstName").asText("") + " " + user.path("lastName").asText("")).strip();
        return name.isEmpty() ? user.path("username").asText() : name;
    }

    private static ProblemException unavailable(String why) {
        return new ProblemException(ProblemType.UNAVAILABLE, "The people directory is unavailable: " + why);
    }
}
