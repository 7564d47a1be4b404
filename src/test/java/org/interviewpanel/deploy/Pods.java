package org.interviewpanel.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/** What the rules read of the app's pods: their tier, their one container, its environment and ports. */
final class Pods {

    private Pods() {
    }

    /** {@code web} or {@code analytics}. */
    static String component(Deployment d) {
        return d.getSpec().getTemplate().getMetadata().getLabels().get("app.kubernetes.io/component");
    }

    static Container container(Deployment d) {
        List<Container> containers = d.getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).as("containers of %s", d.getMetadata().getName()).hasSize(1);
        return containers.get(0);
    }

    /** A variable's literal value (none when it comes from a Secret). */
    static Optional<String> env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).filter(Objects::nonNull)
                .findFirst();
    }

    /** The Secret key a variable comes from, or null. */
    static SecretKeySelector secret(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name) && e.getValueFrom() != null)
                .map(e -> e.getValueFrom().getSecretKeyRef()).filter(Objects::nonNull).findFirst().orElse(null);
    }

    static String jdbcHost(String url) {
        return url.startsWith("jdbc:") ? Objects.requireNonNullElse(URI.create(url.substring(5)).getHost(), "") : "";
    }

    /** The number of a named container port, or -1. */
    static int port(Container c, String name) {
        return c.getPorts().stream().filter(p -> name.equals(p.getName())).map(ContainerPort::getContainerPort)
                .findFirst().orElse(-1);
    }

    /** The container port a Service port or a probe's port reaches (a number, or a container port's name). */
    static int port(Container c, IntOrString port) {
        return port.getIntVal() != null ? port.getIntVal() : port(c, port.getStrVal());
    }

    static int targets(ServicePort port, Container c) {
        return port.getTargetPort() == null ? port.getPort() : port(c, port.getTargetPort());
    }
}
