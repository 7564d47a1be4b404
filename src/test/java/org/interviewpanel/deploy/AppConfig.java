package org.interviewpanel.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.interviewpanel.events.EventsConfig;
import org.interviewpanel.live.LiveConfig;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * The app's configuration as a container of the manifests sees it: {@code application.properties} under the
 * {@code prod} profile (what the packaged app runs), with the container's environment on top, resolved by SmallRye
 * Config exactly as the app resolves it (environment names, expressions, profiles).
 */
final class AppConfig {

    /** The relay's switch: {@code panel.events.relay.enabled}. */
    static final String RELAY_SWITCH = EventsConfig.class.getAnnotation(ConfigMapping.class).prefix() + ".relay.enabled";

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Z0-9_]+)");

    private final Path project;

    AppConfig(Path project) {
        this.project = project;
    }

    /** The configuration of a container with this environment (its literal values; secrets have none here). */
    SmallRyeConfig of(Container container) {
        Map<String, String> env = new HashMap<>();
        for (EnvVar var : container.getEnv()) {
            if (var.getValue() != null) {
                env.put(var.getName(), var.getValue());
            }
        }
        try {
            return new SmallRyeConfigBuilder().withProfile("prod").addDefaultInterceptors()
                    .withSources(new EnvConfigSource(env, 300))
                    .withSources(new PropertiesConfigSource(properties().toUri().toURL(), 250)).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The configuration of the packaged app with no environment at all. */
    SmallRyeConfig defaults() {
        return of(new Container());
    }

    /** The raw (unexpanded) value of a property in application.properties. */
    String raw(String property) throws IOException {
        return load().getProperty(property);
    }

    /**
     * Environment variables that set something the app reads: the environment form of every property in
     * application.properties and of every property of the app's {@code @ConfigMapping}s, and every variable
     * application.properties refers to.
     */
    Set<String> environmentNames() throws IOException {
        Set<String> names = new HashSet<>();
        Properties properties = load();
        for (String property : properties.stringPropertyNames()) {
            names.add(envName(property.replaceFirst("^%[a-z]+\\.", "")));
            Matcher reference = REFERENCE.matcher(properties.getProperty(property));
            while (reference.find()) {
                names.add(reference.group(1));
            }
        }
        for (Class<?> mapping : mappings()) {
            mappingProperties(mapping, mapping.getAnnotation(ConfigMapping.class).prefix(), names);
        }
        return names;
    }

    /** Whether the outbox relay runs, by the property and default {@link EventsConfig} declares for it. */
    static boolean relayEnabled(SmallRyeConfig config) {
        try {
            WithDefault fallback = EventsConfig.Relay.class.getMethod("enabled").getAnnotation(WithDefault.class);
            return config.getOptionalValue(RELAY_SWITCH, Boolean.class).orElse(Boolean.parseBoolean(fallback.value()));
        } catch (NoSuchMethodException e) {
            throw new AssertionError("EventsConfig.Relay has no enabled() any more: update this test", e);
        }
    }

    /** Whether the analytics consumer's channel starts (it then joins the group). */
    /** The live rooms' switch: {@code panel.live.enabled}. */
    static final String LIVE_SWITCH = LiveConfig.class.getAnnotation(ConfigMapping.class).prefix() + ".enabled";

    static boolean liveEnabled(SmallRyeConfig config) {
        try {
            WithDefault fallback = LiveConfig.class.getMethod("enabled").getAnnotation(WithDefault.class);
            return config.getOptionalValue(LIVE_SWITCH, Boolean.class).orElse(Boolean.parseBoolean(fallback.value()));
        } catch (NoSuchMethodException e) {
            throw new AssertionError("LiveConfig has no enabled() any more: update this test", e);
        }
    }

    static boolean analyticsConsumerEnabled(SmallRyeConfig config) {
        return config.getValue("mp.messaging.incoming.session-events-analytics.enabled", Boolean.class);
    }

    static String envName(String property) {
        return property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    private Path properties() {
        return project.resolve("src/main/resources/application.properties");
    }

    private Properties load() throws IOException {
        Properties properties = new Properties();
        try (var in = Files.newInputStream(properties())) {
            properties.load(in);
        }
        return properties;
    }

    /** The app's compiled {@code @ConfigMapping} interfaces. */
    private List<Class<?>> mappings() throws IOException {
        Path classes = project.resolve("target/classes");
        try (Stream<Path> files = Files.walk(classes)) {
            return files.filter(f -> f.toString().endsWith(".class")).map(f -> classes.relativize(f).toString())
                    .map(f -> f.substring(0, f.length() - ".class".length()).replace('/', '.')).map(AppConfig::load)
                    .flatMap(Optional::stream).filter(c -> c.isAnnotationPresent(ConfigMapping.class)).toList();
        }
    }

    private static Optional<Class<?>> load(String name) {
        try {
            return Optional.of(Class.forName(name, false, Thread.currentThread().getContextClassLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
    }

    private static void mappingProperties(Class<?> mapping, String prefix, Set<String> names) {
        for (Method method : mapping.getMethods()) {
            if (method.getParameterCount() > 0 || Modifier.isStatic(method.getModifiers()) || method.isDefault()) {
                continue;
            }
            WithName withName = method.getAnnotation(WithName.class);
            String property = prefix + "." + (withName != null ? withName.value()
                    : method.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT));
            Class<?> type = method.getReturnType();
            if (type.isInterface() && !type.getName().startsWith("java.")) {
                mappingProperties(type, property, names);
            } else {
                names.add(envName(property));
            }
        }
    }
}
