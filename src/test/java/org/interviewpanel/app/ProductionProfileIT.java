package org.interviewpanel.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The packaged app, started in the production profile the way docker-compose once did (demo client secrets, the
 * local database password, no public URL, plaintext Kafka), refuses to start and names every problem.
 */
class ProductionProfileIT {

    static final Path PROJECT = Path.of(System.getProperty("panel.test.project-dir", "."));

    @Test
    void productionRefusesDemoSecretsAndDefaults() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=0", "-Dquarkus.management.port=0",
                // Nothing else is running for it: no migrations, no import, no waiting for Keycloak.
                "-Dquarkus.flyway.migrate-at-start=false", "-Dquarkus.flyway.analytics.migrate-at-start=false",
                "-Dpanel.questionbank.import-at-startup=false", "-Dpanel.events.relay.enabled=false",
                "-Dquarkus.oidc.connection-delay=0S", "-Dquarkus.oidc.web.connection-delay=0S",
                "-Dquarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:1/none",
                "-Dkafka.security.protocol=PLAINTEXT",
                "-jar", PROJECT.resolve("target/quarkus-app/quarkus-run.jar").toString())
                .redirectErrorStream(true)
                .redirectOutput(PROJECT.resolve("target/production-profile-it.log").toFile());
        builder.environment().putAll(java.util.Map.of("PANEL_CONSOLE_SECRET", "panel-console-demo-secret",
                "PANEL_DIRECTORY_SECRET", "panel-directory-demo-secret", "QUARKUS_DATASOURCE_PASSWORD", "panel",
                "QUARKUS_PROFILE", "prod"));
        builder.environment().remove("PANEL_PUBLIC_URL");
        Process app = builder.start();
        boolean exited = app.waitFor(120, TimeUnit.SECONDS);
        app.destroyForcibly();
        String output = java.nio.file.Files.readString(PROJECT.resolve("target/production-profile-it.log"));
        assertThat(exited).as("the app should have refused to start: %s", output).isTrue();
        assertThat(app.exitValue()).as(output).isNotZero();
        assertThat(output).contains("The production profile refuses to start");
        for (String named : List.of("PANEL_CONSOLE_SECRET", "PANEL_DIRECTORY_SECRET", "QUARKUS_DATASOURCE_PASSWORD",
                "PANEL_PUBLIC_URL", "SASL_SSL")) {
            assertThat(output).as("names %s", named).contains(named);
        }
    }
}
