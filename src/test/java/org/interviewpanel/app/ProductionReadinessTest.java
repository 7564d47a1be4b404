package org.interviewpanel.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** What the production profile refuses to start with. */
class ProductionReadinessTest {

    static Map<String, String> fit() {
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.oidc.web.credentials.secret", "a-long-random-console-secret");
        config.put("panel.directory.client-secret", "a-long-random-directory-secret");
        config.put("quarkus.datasource.password", "s3cret-db");
        config.put("quarkus.datasource.analytics.password", "s3cret-analytics");
        config.put("panel.sessions.public-url", "https://interviews.example.com");
        config.put("kafka.security.protocol", "SASL_SSL");
        config.put("kafka.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"interview-panel\" password=\"p\";");
        return config;
    }

    static java.util.List<String> problems(Map<String, String> config) {
        return ProductionReadiness.problems(name -> Optional.ofNullable(config.get(name)));
    }

    @Test
    void aProperConfigurationPasses() {
        assertThat(problems(fit())).isEmpty();
    }

    @Test
    void theDemoSecretsAndLocalPasswordAreRefused() {
        Map<String, String> config = fit();
        config.put("quarkus.oidc.web.credentials.secret", "panel-console-demo-secret");
        config.put("panel.directory.client-secret", "panel-directory-demo-secret");
        config.put("quarkus.datasource.password", "panel");
        config.put("quarkus.datasource.analytics.password", "panel");
        assertThat(problems(config)).hasSize(4).allMatch(p -> p.contains("demo/local default"))
                .anyMatch(p -> p.contains("PANEL_CONSOLE_SECRET")).anyMatch(p -> p.contains("PANEL_DIRECTORY_SECRET"))
                .anyMatch(p -> p.contains("QUARKUS_DATASOURCE_PASSWORD"));
    }

    @Test
    void missingSecretsPublicUrlAndKafkaSecurityAreEachNamed() {
        assertThat(problems(Map.of())).hasSize(7)
                .anyMatch(p -> p.contains("PANEL_PUBLIC_URL")).anyMatch(p -> p.contains("SASL_SSL"))
                .anyMatch(p -> p.contains("PANEL_KAFKA_USERNAME"));
        Map<String, String> http = fit();
        http.put("panel.sessions.public-url", "http://interviews.example.com");
        assertThat(problems(http)).singleElement().asString().contains("https");
        Map<String, String> noCredentials = fit();
        noCredentials.put("kafka.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"\" password=\"\";");
        assertThat(problems(noCredentials)).singleElement().asString().contains("SCRAM");
    }
}
