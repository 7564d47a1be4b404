package org.interviewpanel.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * No Docker engine runs here, so the compose file is checked for what would break it: services that do not find each
 * other, images that move, start-up order without health checks, settings the app does not read.
 */
class DockerComposeTest {

    static final Path PROJECT = Path.of(System.getProperty("panel.test.project-dir", "."));

    static JsonNode compose() throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(PROJECT.resolve("docker-compose.yml").toFile());
    }

    @Test
    void everyImageIsPinnedToAReleaseAndTheAppIsBuiltHere() throws IOException {
        JsonNode services = compose().get("services");
        services.fieldNames().forEachRemaining(name -> {
            JsonNode service = services.get(name);
            if (service.has("build")) {
                assertThat(PROJECT.resolve(service.get("build").get("dockerfile").asText())).as("%s's Dockerfile", name)
                        .exists();
            } else {
                // name:MAJOR.MINOR[.PATCH], never latest nor a bare major that moves under us
                assertThat(service.get("image").asText()).as("%s's image", name)
                        .matches("[a-z0-9./-]+:\\d+\\.\\d+(\\.\\d+)?");
            }
        });
    }

    @Test
    void theAppReachesEachDependencyByItsServiceNameOnAPortThatServiceListensOn() throws IOException {
        JsonNode services = compose().get("services");
        JsonNode env = services.get("app").get("environment");

        Matcher jdbc = Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/(\\w+)")
                .matcher(env.get("QUARKUS_DATASOURCE_JDBC_URL").asText());
        assertThat(jdbc.matches()).isTrue();
        JsonNode postgres = services.get(jdbc.group(1));
        assertThat(postgres).as("the JDBC URL names a service").isNotNull();
        assertThat(jdbc.group(2)).isEqualTo("5432");
        assertThat(postgres.get("environment").get("POSTGRES_DB").asText()).isEqualTo(jdbc.group(3));
        assertThat(postgres.get("environment").get("POSTGRES_USER").asText())
                .isEqualTo(env.get("QUARKUS_DATASOURCE_USERNAME").asText());
        assertThat(postgres.get("environment").get("POSTGRES_PASSWORD").asText())
                .isEqualTo(env.get("QUARKUS_DATASOURCE_PASSWORD").asText());

        String[] bootstrap = env.get("KAFKA_BOOTSTRAP_SERVERS").asText().split(":");
        JsonNode kafka = services.get(bootstrap[0]);
        assertThat(kafka).as("the bootstrap server names a service").isNotNull();
        assertThat(kafka.get("environment").get("KAFKA_LISTENERS").asText()).contains(":" + bootstrap[1]);
        assertThat(kafka.get("environment").get("KAFKA_ADVERTISED_LISTENERS").asText())
                .as("the broker advertises the address the app dials").contains(bootstrap[0] + ":" + bootstrap[1]);

        URI keycloakUrl = URI.create(env.get("PANEL_KEYCLOAK_URL").asText());
        JsonNode keycloak = services.get(keycloakUrl.getHost());
        assertThat(keycloak).as("the Keycloak URL names a service").isNotNull();
        assertThat(texts(keycloak.get("command"))).contains("--http-port=" + keycloakUrl.getPort());
        // Tokens are issued for the browser's address; the app expects exactly that issuer on both tenants.
        String issuer = keycloak.get("environment").get("KC_HOSTNAME").asText() + "/realms/" + realmName();
        assertThat(env.get("QUARKUS_OIDC_TOKEN_ISSUER").asText()).isEqualTo(issuer);
        assertThat(env.get("QUARKUS_OIDC_WEB_TOKEN_ISSUER").asText()).isEqualTo(issuer);
    }

    @Test
    void everyServiceHasAHealthCheckAndTheAppStartsOnlyOnceTheOthersAreHealthy() throws IOException {
        JsonNode services = compose().get("services");
        JsonNode app = services.get("app");
        services.fieldNames().forEachRemaining(name -> {
            assertThat(services.get(name).has("healthcheck")).as("%s has a health check", name).isTrue();
            if (!name.equals("app")) {
                assertThat(app.get("depends_on").path(name).path("condition").asText()).as("app waits for %s", name)
                        .isEqualTo("service_healthy");
            }
        });
        // The app's own check asks the management interface, where the health endpoints live.
        assertThat(texts(app.get("healthcheck").get("test"))).anyMatch(t -> t.contains("localhost:9000/q/health/ready"));
        assertThat(applicationProperties().getProperty("quarkus.management.port")).isEqualTo("9000");
    }

    @Test
    void keycloakImportsTheDemoRealmFile() throws IOException {
        JsonNode keycloak = compose().get("services").get("keycloak");
        assertThat(texts(keycloak.get("command"))).contains("--import-realm");
        String[] parts = texts(keycloak.get("volumes")).get(0).split(":");
        assertThat(PROJECT.resolve(parts[0])).exists();
        assertThat(parts[1]).startsWith("/opt/keycloak/data/import/");
        assertThat(realmName()).isEqualTo("interview-panel");
    }

    private static String realmName() throws IOException {
        JsonNode keycloak = compose().get("services").get("keycloak");
        Path realm = PROJECT.resolve(texts(keycloak.get("volumes")).get(0).split(":")[0]);
        return new ObjectMapper().readTree(realm.toFile()).get("realm").asText();
    }

    private static Properties applicationProperties() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(PROJECT.resolve("src/main/resources/application.properties"))) {
            properties.load(in);
        }
        return properties;
    }

    @Test
    void theAppsEnvironmentNamesRealSettings() throws IOException {
        JsonNode env = compose().get("services").get("app").get("environment");
        Properties properties = applicationProperties();
        List<String> known = new ArrayList<>();
        properties.stringPropertyNames().forEach(p -> {
            known.add(envName(p.replaceFirst("^%[a-z]+\\.", "")));
            var refs = Pattern.compile("\\$\\{([A-Z0-9_]+)").matcher(properties.getProperty(p));
            while (refs.find()) {
                known.add(refs.group(1));
            }
        });
        List<String> unknown = new ArrayList<>();
        env.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name) && !name.equals("QUARKUS_PROFILE") && !name.equals("QUARKUS_OIDC_TOKEN_ISSUER")
                    && !name.equals("QUARKUS_OIDC_WEB_TOKEN_ISSUER")) {
                unknown.add(name);
            }
        });
        assertThat(unknown).as("environment variables that set nothing the app reads").isEmpty();
    }

    private static String envName(String property) {
        return property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
