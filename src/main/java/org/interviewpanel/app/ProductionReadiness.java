package org.interviewpanel.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;

/**
 * The production profile refuses to start with anything that only belongs on a laptop: the demo client secrets, the
 * local database password, no public URL (candidate links would take their host from whatever Host header a request
 * carries), or Kafka without SASL over TLS. It says every problem at once, with the variable that fixes it.
 */
@ApplicationScoped
public class ProductionReadiness {

    private static final Logger LOG = Logger.getLogger(ProductionReadiness.class);

    static final String DEMO_CONSOLE_SECRET = "panel-console-demo-secret";
    static final String DEMO_DIRECTORY_SECRET = "panel-directory-demo-secret";
    static final String LOCAL_DB_PASSWORD = "panel";

    void check(@Observes StartupEvent event) {
        if (LaunchMode.current() != LaunchMode.NORMAL || !ConfigUtils.getProfiles().contains("prod")) {
            return;
        }
        Config config = ConfigProvider.getConfig();
        List<String> problems = problems(name -> config.getOptionalValue(name, String.class));
        if (!problems.isEmpty()) {
            String message = "The production profile refuses to start:\n  - " + String.join("\n  - ", problems);
            LOG.error(message);
            throw new IllegalStateException(message);
        }
    }

    /** What is unfit for production in this configuration (empty when nothing is). */
    static List<String> problems(Function<String, Optional<String>> config) {
        List<String> problems = new ArrayList<>();
        secret(config, "quarkus.oidc.web.credentials.secret", DEMO_CONSOLE_SECRET, "PANEL_CONSOLE_SECRET",
                "the panel-console client secret", problems);
        secret(config, "panel.directory.client-secret", DEMO_DIRECTORY_SECRET, "PANEL_DIRECTORY_SECRET",
                "the panel-directory client secret", problems);
        secret(config, "quarkus.datasource.password", LOCAL_DB_PASSWORD, "QUARKUS_DATASOURCE_PASSWORD",
                "the database password", problems);
        secret(config, "quarkus.datasource.analytics.password", LOCAL_DB_PASSWORD, "PANEL_ANALYTICS_DB_PASSWORD",
                "the analytics database password", problems);
        String publicUrl = config.apply("panel.sessions.public-url").orElse("");
        if (!publicUrl.startsWith("https://")) {
            problems.add("candidate links need the app's public https URL: set PANEL_PUBLIC_URL (now '" + publicUrl
                    + "')");
        }
        if (!"SASL_SSL".equals(config.apply("kafka.security.protocol").orElse(""))) {
            problems.add("Kafka must be reached over SASL_SSL (kafka.security.protocol)");
        }
        String jaas = config.apply("kafka.sasl.jaas.config").orElse("");
        if (jaas.contains("username=\"\"") || jaas.contains("password=\"\"") || jaas.isBlank()) {
            problems.add("Kafka's SCRAM credentials are missing: set PANEL_KAFKA_USERNAME and PANEL_KAFKA_PASSWORD");
        }
        return problems;
    }

    private static void secret(Function<String, Optional<String>> config, String property, String known,
            String variable, String what, List<String> problems) {
        String value = config.apply(property).orElse("");
        if (value.isBlank()) {
            problems.add(what + " is not set: set " + variable);
        } else if (value.equals(known)) {
            problems.add(what + " is the demo/local default: set " + variable + " to a secret of your own");
        }
    }
}
