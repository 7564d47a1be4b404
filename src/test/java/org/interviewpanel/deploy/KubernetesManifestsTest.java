package org.interviewpanel.deploy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.interviewpanel.deploy.Pods.component;
import static org.interviewpanel.deploy.Pods.container;
import static org.interviewpanel.deploy.Pods.env;
import static org.interviewpanel.deploy.Pods.jdbcHost;
import static org.interviewpanel.deploy.Pods.port;
import static org.interviewpanel.deploy.Pods.secret;
import static org.interviewpanel.deploy.Pods.targets;
import static org.interviewpanel.testsupport.Tokens.token;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.eclipse.microprofile.config.ConfigProvider;
import org.interviewpanel.deploy.Kustomize.Manifest;
import org.interviewpanel.deploy.NetworkPolicies.Peer;
import org.interviewpanel.deploy.PromQl.LabelMatcher;
import org.interviewpanel.deploy.PromQl.Selector;
import org.interviewpanel.testsupport.LiveClient;
import org.interviewpanel.testsupport.Management;
import org.interviewpanel.testsupport.Scoring;
import org.interviewpanel.testsupport.Sessions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.config.SmallRyeConfig;
import io.strimzi.api.kafka.model.kafka.EphemeralStorage;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.KafkaAuthorizationSimple;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.kafka.listener.KafkaListenerAuthenticationScramSha512;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import io.strimzi.api.kafka.model.user.acl.AclOperation;

/**
 * The Kubernetes manifests of {@code deploy/kubernetes}, checked without a cluster (issue 16). Each kustomization (the
 * base and the overlays on top of it) is rendered, every object read into the typed model of its kind with unknown
 * fields failing, and each rendering held to the rules the deployment depends on, in terms of what this app reads:
 * the property names and defaults of {@code application.properties}, resolved as the packaged app resolves them with
 * each container's environment. Then every metric the Grafana dashboard, the alerts and the autoscaler use is looked
 * for in this app's own {@code /q/metrics}, after a little live, scoring and report activity.
 */
@QuarkusTest
class KubernetesManifestsTest {

    static final Path PROJECT = Path.of(System.getProperty("panel.test.project-dir", "."));
    static final Path ROOT = PROJECT.resolve("deploy/kubernetes").toAbsolutePath().normalize();
    static final List<String> KUSTOMIZATIONS = List.of("base", "overlays/production", "overlays/analytics-separate-db");
    static final List<String> REPORTS = List.of("pipeline", "interviewers", "reliability", "questions");
    /** Labels Prometheus adds from the scrape target (the ServiceMonitor's), not the app. */
    static final Set<String> TARGET_LABELS = Set.of("namespace", "pod", "job", "instance", "service", "endpoint",
            "container");
    /**
     * Metrics the dashboard, the alerts or the autoscaler may use although the app does not export them (from
     * kube-state-metrics, an exporter...): metric name → why it is there. None so far.
     */
    static final Map<String, String> FROM_ELSEWHERE = Map.of();
    /** Variables the app's container reads besides the app's settings: name → who reads it. */
    static final Map<String, String> IMAGE_VARIABLES = Map.of("JAVA_MAX_MEM_RATIO",
            "the UBI OpenJDK image's run-java.sh (heap as a share of the memory limit)", "GC_CONTAINER_OPTIONS",
            "the UBI OpenJDK image's run-java.sh (the collector, instead of its ParallelGC)");

    static final List<Rendering> RENDERINGS = new ArrayList<>();
    static final Set<Path> READ = new HashSet<>();
    static final AppConfig CONFIG = new AppConfig(PROJECT);

    @BeforeAll
    static void render() throws IOException {
        for (String kustomization : KUSTOMIZATIONS) {
            RENDERINGS.add(new Rendering(kustomization, Kustomize.render(ROOT, ROOT.resolve(kustomization), READ)));
        }
    }

    @Test
    void everyFileUnderDeployKubernetesIsPartOfTheKustomizations() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            assertThat(files.filter(f -> f.toString().matches(".*\\.(ya?ml|json)$")).map(Path::normalize)
                    .filter(f -> !READ.contains(f)).map(f -> ROOT.relativize(f).toString()).toList())
                    .as("files under deploy/kubernetes that no kustomization renders").isEmpty();
        }
    }

    @Test
    void everyObjectReadsIntoItsTypedModelWithNoUnknownField() {
        Set<String> problems = new LinkedHashSet<>();
        for (Rendering r : RENDERINGS) {
            Set<String> ids = new HashSet<>();
            for (Manifest m : r.manifests()) {
                problems.addAll(TypedManifests.problems(m));
                check(problems, ids.add(m.body().path("apiVersion").asText() + "/" + m.kind() + "/" + m.name()),
                        "%s: %s appears twice", r.kustomization(), m.where());
            }
        }
        assertThat(problems).as("objects that do not read into their model").isEmpty();
    }

    @Test
    void theTypedReadingCatchesATypo() {
        Manifest typo = new Manifest("a test", (ObjectNode) Kustomize.YAML
                .valueToTree(Map.of("apiVersion", "apps/v1", "kind", "Deployment", "metadata", Map.of("name", "x"),
                        "spec", Map.of("replica", 3))));
        assertThat(TypedManifests.problems(typo)).singleElement().asString().contains("spec.replica");
        Manifest pooler = new Manifest("a test", (ObjectNode) Kustomize.YAML
                .valueToTree(Map.of("apiVersion", "postgresql.cnpg.io/v1", "kind", "Pooler", "metadata",
                        Map.of("name", "x"), "spec", Map.of("instance", 2))));
        assertThat(TypedManifests.problems(pooler)).singleElement().asString().contains("spec.instance");
    }

    @Test
    void kafkaRunsInKraftWithThreeBrokersAndTheTopicsTheAppExpects() {
        SmallRyeConfig app = CONFIG.defaults();
        String eventsTopic = app.getValue("panel.events.topic", String.class);
        String deadLetters = app.getValue("mp.messaging.outgoing.analytics-dead-letters.topic", String.class);
        Set<String> problems = new LinkedHashSet<>();
        for (Rendering r : RENDERINGS) {
            List<Kafka> clusters = r.typed("Kafka", Kafka.class);
            if (!check(problems, clusters.size() == 1, "%s: %d Kafka clusters, expected one", r.kustomization(),
                    clusters.size())) {
                continue;
            }
            Kafka kafka = clusters.get(0);
            String where = r.where("Kafka", kafka.getMetadata().getName());
            String cluster = kafka.getMetadata().getName();
            List<KafkaNodePool> pools = r.typed("KafkaNodePool", KafkaNodePool.class).stream()
                    .filter(p -> cluster.equals(p.getMetadata().getLabels().get("strimzi.io/cluster"))).toList();
            check(problems, replicas(pools, ProcessRoles.BROKER) == 3, "%s: node pools of %s hold %d brokers, expected 3",
                    r.kustomization(), cluster, replicas(pools, ProcessRoles.BROKER));
            int controllers = replicas(pools, ProcessRoles.CONTROLLER);
            check(problems, controllers >= 3 && controllers % 2 == 1,
                    "%s: node pools of %s hold %d KRaft controllers, expected an odd number from 3", r.kustomization(),
                    cluster, controllers);
            pools.forEach(p -> check(problems, !(p.getSpec().getStorage() instanceof EphemeralStorage),
                    "%s: events are kept forever, the storage must persist", r.where("KafkaNodePool",
                            p.getMetadata().getName())));
            check(problems, kafka.getSpec().getKafka().getVersion() != null, "%s: spec.kafka.version is not pinned",
                    where);
            check(problems, kafka.getSpec().getKafka().getAuthorization() instanceof KafkaAuthorizationSimple,
                    "%s: the KafkaUsers' ACLs need spec.kafka.authorization type simple", where);
            for (Deployment d : r.appDeployments()) {
                URI bootstrap = URI.create("kafka://" + env(container(d), "KAFKA_BOOTSTRAP_SERVERS").orElse(""));
                check(problems, (cluster + "-kafka-bootstrap").equals(bootstrap.getHost()),
                        "%s: KAFKA_BOOTSTRAP_SERVERS %s is not %s-kafka-bootstrap", r.where(d), bootstrap, cluster);
                Optional<GenericKafkaListener> listener = kafka.getSpec().getKafka().getListeners().stream()
                        .filter(l -> l.getPort() == bootstrap.getPort()).findFirst();
                check(problems, listener.isPresent() && listener.get().isTls()
                        && listener.get().getAuth() instanceof KafkaListenerAuthenticationScramSha512,
                        "%s: the app dials port %d, which needs a TLS listener with SCRAM-SHA-512", where,
                        bootstrap.getPort());
            }
            Map<String, KafkaTopic> topics = new HashMap<>();
            r.typed("KafkaTopic", KafkaTopic.class).forEach(t -> topics.put(
                    Objects.requireNonNullElse(t.getSpec().getTopicName(), t.getMetadata().getName()), t));
            for (String name : List.of(eventsTopic, deadLetters)) {
                KafkaTopic topic = topics.get(name);
                if (!check(problems, topic != null, "%s: no KafkaTopic %s", r.kustomization(), name)) {
                    continue;
                }
                String at = r.where("KafkaTopic", topic.getMetadata().getName());
                Map<String, Object> config = topic.getSpec().getConfig();
                check(problems, Objects.equals(topic.getSpec().getReplicas(), 3), "%s: replicas should be 3", at);
                check(problems, "2".equals(String.valueOf(config.get("min.insync.replicas"))),
                        "%s: min.insync.replicas should be 2", at);
                check(problems, "-1".equals(String.valueOf(config.get("retention.ms"))),
                        "%s: retention.ms should be -1 (events are kept forever)", at);
            }
            KafkaTopic events = topics.get(eventsTopic);
            check(problems, events == null || Objects.equals(events.getSpec().getPartitions(),
                    app.getValue("panel.events.partitions", Integer.class)), "%s: should have %s partitions (the app's "
                            + "panel.events.partitions)",
                    events == null ? "" : r.where("KafkaTopic", events.getMetadata().getName()),
                    app.getValue("panel.events.partitions", Integer.class));
        }
        check(problems, app.getValue("panel.events.replication-factor", Integer.class) == 3
                && app.getValue("panel.events.min-insync-replicas", Integer.class) == 2,
                "application.properties: %%prod should create the topics as the manifests do (3 replicas, 2 in sync)");
        assertThat(problems).isEmpty();
    }

    @Test
    void eachTierHasItsOwnScramUserWithOnlyTheAclsItsSwitchesNeed() throws IOException {
        SmallRyeConfig defaults = CONFIG.defaults();
        String eventsTopic = defaults.getValue("panel.events.topic", String.class);
        String deadLetters = defaults.getValue("mp.messaging.outgoing.analytics-dead-letters.topic", String.class);
        String analyticsGroup = defaults.getValue("mp.messaging.incoming.session-events-analytics.group.id", String.class);
        String liveGroup = CONFIG.raw("panel.live-consumer.group.id").split("\\$\\{")[0];
        Set<String> problems = new LinkedHashSet<>();
        for (Rendering r : RENDERINGS) {
            Map<String, KafkaUser> users = new HashMap<>();
            r.typed("KafkaUser", KafkaUser.class).forEach(u -> users.put(u.getMetadata().getName(), u));
            Set<String> used = new HashSet<>();
            for (Deployment d : r.appDeployments()) {
                Container c = container(d);
                String name = env(c, "PANEL_KAFKA_USERNAME").orElse("(none)");
                KafkaUser user = users.get(name);
                if (!check(problems, user != null, "%s: PANEL_KAFKA_USERNAME %s is no KafkaUser", r.where(d),
                        name)) {
                    continue;
                }
                check(problems, used.add(name), "%s: KafkaUser %s is shared with another tier", r.where(d), name);
                SecretKeySelector password = secret(c, "PANEL_KAFKA_PASSWORD");
                check(problems, password != null && name.equals(password.getName()) && "password".equals(password.getKey()),
                        "%s: PANEL_KAFKA_PASSWORD should come from Secret %s, key password (the User Operator's)",
                        r.where(d), name);
                String at = r.where("KafkaUser", name);
                check(problems, user.getSpec().getAuthentication() instanceof KafkaUserScramSha512ClientAuthentication,
                        "%s: authentication should be scram-sha-512", at);
                if (!check(problems, user.getSpec().getAuthorization() instanceof KafkaUserAuthorizationSimple,
                        "%s: authorization should be simple, with ACLs", at)) {
                    continue;
                }
                Acls acls = new Acls(((KafkaUserAuthorizationSimple) user.getSpec().getAuthorization()).getAcls());
                SmallRyeConfig config = CONFIG.of(c);
                boolean relays = AppConfig.relayEnabled(config);
                boolean consumes = AppConfig.analyticsConsumerEnabled(config);
                boolean live = AppConfig.liveEnabled(config);
                boolean liveGroupRead = acls.group(liveGroup + UUID.randomUUID(), AclOperation.READ);
                Map<String, Boolean> needs = new LinkedHashMap<>();
                needs.put("Read topic " + eventsTopic, acls.topic(eventsTopic, AclOperation.READ));
                if (live) {
                    needs.put("Read group prefix " + liveGroup, liveGroupRead);
                }
                needs.put("Write topic " + deadLetters, acls.topic(deadLetters, AclOperation.WRITE));
                if (relays) {
                    needs.put("Write topic " + eventsTopic, acls.topic(eventsTopic, AclOperation.WRITE));
                }
                if (consumes) {
                    needs.put("Read group " + analyticsGroup, acls.group(analyticsGroup, AclOperation.READ));
                }
                needs.forEach((what, granted) -> check(problems, granted, "%s: %s needs %s", at, d.getMetadata().getName(),
                        what));
                check(problems, relays || !acls.topic(eventsTopic, AclOperation.WRITE),
                        "%s: %s does not relay the outbox, so it must not be able to write %s", at,
                        d.getMetadata().getName(), eventsTopic);
                check(problems, live || !liveGroupRead,
                        "%s: %s serves no live rooms, so it needs no group with the prefix %s", at,
                        d.getMetadata().getName(), liveGroup);
                for (var acl : acls.rules()) {
                    // Not the deprecated single acls[].operation, which Strimzi 0.49 asks to replace before upgrading.
                    if (check(problems, acl.getOperations() != null && !acl.getOperations().isEmpty(),
                            "%s: an ACL without acls[].operations", at)) {
                        check(problems, Set.of(AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE)
                                .containsAll(acl.getOperations()), "%s: %s grants more than Read, Write and Describe", at,
                                acl.getOperations());
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void postgresHasThreeInstancesAPoolerInFrontAndDailyBackups() {
        Set<String> problems = new LinkedHashSet<>();
        for (Rendering r : RENDERINGS) {
            Map<String, JsonNode> clusters = r.specs("Cluster");
            Map<String, JsonNode> poolers = r.specs("Pooler");
            Set<String> backedUp = new HashSet<>();
            r.specs("ScheduledBackup").values()
                    .forEach(b -> backedUp.add(b.path("cluster").path("name").asText()));
            clusters.forEach((name, spec) -> {
                check(problems, backedUp.contains(name), "%s: no ScheduledBackup", r.where("Cluster", name));
                check(problems, spec.path("backup").has("barmanObjectStore"), "%s: no backup object store (WAL archive)",
                        r.where("Cluster", name));
            });
            for (Deployment d : r.appDeployments()) {
                Container c = container(d);
                String at = r.where(d);
                String main = jdbcHost(env(c, "QUARKUS_DATASOURCE_JDBC_URL").orElse(""));
                JsonNode pooler = poolers.get(main);
                if (!check(problems, pooler != null, "%s: the datasource host %s is no Pooler", at, main)) {
                    continue;
                }
                String cluster = pooler.path("cluster").path("name").asText();
                check(problems, clusters.containsKey(cluster) && clusters.get(cluster).path("instances").asInt() == 3,
                        "%s: the app's Cluster %s should have 3 instances", r.where("Pooler", main), cluster);
                // The relay holds a session-level advisory lock and LISTENs: a transaction-mode pooler breaks both.
                check(problems, jdbcHost(env(c, "PANEL_EVENTS_RELAY_JDBC_URL").orElse("")).equals(cluster + "-rw"),
                        "%s: PANEL_EVENTS_RELAY_JDBC_URL should go straight to %s-rw", at, cluster);
                String analytics = jdbcHost(env(c, "PANEL_ANALYTICS_JDBC_URL").orElse("")).replaceFirst("-rw$", "");
                check(problems, clusters.containsKey(analytics),
                        "%s: PANEL_ANALYTICS_JDBC_URL should go straight to the -rw Service of a Cluster", at);
                Map<String, String> logins = Map.of("QUARKUS_DATASOURCE_USERNAME", cluster,
                        "QUARKUS_DATASOURCE_PASSWORD", cluster, "PANEL_ANALYTICS_DB_USER", analytics,
                        "PANEL_ANALYTICS_DB_PASSWORD", analytics);
                logins.forEach((variable, owner) -> {
                    SecretKeySelector ref = secret(c, variable);
                    check(problems, ref != null && ref.getName().equals(owner + "-app"),
                            "%s: %s should come from the Secret %s-app that CloudNativePG creates", at, variable, owner);
                });
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void keycloakImportsTheProductionRealmWithNoPeople() throws IOException {
        JsonNode realmFile = new ObjectMapper().readTree(PROJECT.resolve("deploy/keycloak/interview-panel-realm.json")
                .toFile());
        String realm = CONFIG.defaults().getValue("quarkus.oidc.auth-server-url", String.class)
                .replaceFirst(".*/realms/", "");
        Set<String> problems = new LinkedHashSet<>();
        for (Rendering r : RENDERINGS) {
            Map<String, JsonNode> keycloaks = r.specs("Keycloak");
            if (!check(problems, keycloaks.size() == 1, "%s: %d Keycloak resources, expected one", r.kustomization(),
                    keycloaks.size())) {
                continue;
            }
            String name = keycloaks.keySet().iterator().next();
            JsonNode keycloak = keycloaks.get(name);
            Map<String, JsonNode> imports = r.specs("KeycloakRealmImport");
            check(problems, imports.values().stream().anyMatch(i -> i.path("keycloakCRName").asText().equals(name)),
                    "%s: no KeycloakRealmImport for Keycloak %s", r.kustomization(), name);
            imports.forEach((importName, spec) -> {
                String at = r.where("KeycloakRealmImport", importName);
                check(problems, spec.path("realm").equals(realmFile),
                        "%s: spec.realm differs from deploy/keycloak/interview-panel-realm.json", at);
                check(problems, spec.path("realm").path("realm").asText().equals(realm),
                        "%s: the app's OIDC URL names realm %s", at, realm);
                spec.path("realm").path("users").forEach(user -> check(problems, user.has("serviceAccountClientId"),
                        "%s: user %s is a person; people are made in Keycloak, not imported", at,
                        user.path("username").asText()));
            });
            String dbCluster = keycloak.path("db").path("host").asText().replaceFirst("-rw$", "");
            check(problems, r.specs("Cluster").containsKey(dbCluster)
                    && keycloak.path("db").path("usernameSecret").path("name").asText().equals(dbCluster + "-app"),
                    "%s: the database should be a Cluster's -rw Service and its -app Secret",
                    r.where("Keycloak", name));
            for (Deployment d : r.appDeployments()) {
                String url = env(container(d), "PANEL_KEYCLOAK_URL").orElse("");
                check(problems, URI.create(url).getHost().equals(keycloak.path("hostname").path("hostname").asText()),
                        "%s: PANEL_KEYCLOAK_URL %s is not Keycloak's hostname (the token issuer)", r.where(d), url);
                // Inside the cluster that hostname resolves to keycloak-internal (README): it must take the port the
                // app dials to the port the Keycloak pods serve https on.
                int dialled = URI.create(url).getPort() == -1 ? 443 : URI.create(url).getPort();
                int served = keycloak.path("http").path("httpsPort").asInt(8443);
                check(problems, r.typed("Service", io.fabric8.kubernetes.api.model.Service.class).stream()
                        .filter(svc -> svc.getMetadata().getName().equals("keycloak-internal"))
                        .anyMatch(svc -> "keycloak".equals(svc.getSpec().getSelector().get("app"))
                                && svc.getSpec().getPorts().stream().anyMatch(p -> p.getPort() == dialled
                                        && p.getTargetPort().getIntVal() != null
                                        && p.getTargetPort().getIntVal() == served)),
                        "%s: no Service keycloak-internal taking port %d to the Keycloak pods' https port %d",
                        r.kustomization(), dialled, served);
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theAppsPodsAreHardenedProbedAndSizedAndTheWebTierScales() {
        SmallRyeConfig defaults = CONFIG.defaults();
        int management = defaults.getValue("quarkus.management.port", Integer.class);
        Set<String> problems = new LinkedHashSet<>();
        check(problems, "0.0.0.0".equals(defaults.getValue("quarkus.management.host", String.class)),
                "application.properties: %%prod.quarkus.management.host must be 0.0.0.0 for the kubelet's probes");
        for (Rendering r : RENDERINGS) {
            List<PodDisruptionBudget> budgets = r.typed("PodDisruptionBudget", PodDisruptionBudget.class);
            List<Deployment> deployments = r.appDeployments();
            check(problems, deployments.size() == 2, "%s: expected the web and the analytics Deployments", r.kustomization());
            for (Deployment d : deployments) {
                String at = r.where(d);
                Map<String, String> labels = d.getSpec().getTemplate().getMetadata().getLabels();
                check(problems, budgets.stream().anyMatch(b -> NetworkPolicies.matches(b.getSpec().getSelector(), labels)),
                        "%s: no PodDisruptionBudget selects its pods", at);
                PodSecurityContext pod = d.getSpec().getTemplate().getSpec().getSecurityContext();
                for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
                    String container = at + ", container " + c.getName();
                    SecurityContext security = Objects.requireNonNullElse(c.getSecurityContext(), new SecurityContext());
                    check(problems, Boolean.TRUE.equals(security.getRunAsNonRoot())
                            || security.getRunAsNonRoot() == null && pod != null && Boolean.TRUE.equals(pod.getRunAsNonRoot()),
                            "%s: runAsNonRoot should be true", container);
                    check(problems, Boolean.TRUE.equals(security.getReadOnlyRootFilesystem()),
                            "%s: readOnlyRootFilesystem should be true", container);
                    check(problems, Boolean.FALSE.equals(security.getAllowPrivilegeEscalation()),
                            "%s: allowPrivilegeEscalation should be false", container);
                    for (String kind : List.of("requests", "limits")) {
                        Map<String, Quantity> amounts = c.getResources() == null ? Map.of()
                                : kind.equals("requests") ? c.getResources().getRequests() : c.getResources().getLimits();
                        check(problems, amounts.containsKey("cpu") && amounts.containsKey("memory"),
                                "%s: resources.%s should set cpu and memory", container, kind);
                    }
                    probe(problems, container, "readiness", c.getReadinessProbe(), "/q/health/ready", c, management);
                    probe(problems, container, "liveness", c.getLivenessProbe(), "/q/health/live", c, management);
                }
            }
            for (Deployment web : deployments.stream().filter(d -> "web".equals(component(d))).toList()) {
                String at = r.where(web);
                check(problems, web.getSpec().getReplicas() != null && web.getSpec().getReplicas() >= 3,
                        "%s: replicas should be at least 3", at);
                Optional<HorizontalPodAutoscaler> hpa = r.typed("HorizontalPodAutoscaler",
                        HorizontalPodAutoscaler.class).stream()
                        .filter(h -> h.getSpec().getScaleTargetRef().getName().equals(web.getMetadata().getName()))
                        .findFirst();
                if (!check(problems, hpa.isPresent(), "%s: no HorizontalPodAutoscaler", at)) {
                    continue;
                }
                List<MetricSpec> metrics = hpa.get().getSpec().getMetrics();
                String scaler = r.where("HorizontalPodAutoscaler", hpa.get().getMetadata().getName());
                check(problems, hpa.get().getSpec().getMinReplicas() >= 3, "%s: minReplicas should be at least 3", scaler);
                check(problems, metrics.stream().anyMatch(m -> m.getResource() != null
                        && "cpu".equals(m.getResource().getName())), "%s: should scale on cpu", scaler);
                check(problems, metrics.stream().anyMatch(m -> m.getPods() != null
                        && "panel_live_connections".equals(m.getPods().getMetric().getName())),
                        "%s: should scale on the pods' panel_live_connections (WebSockets)", scaler);
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theWebTierRelaysAndServesTheRoomsAndTheAnalyticsTierOnlyConsumes() throws IOException {
        Set<String> known = CONFIG.environmentNames();
        Set<String> problems = new LinkedHashSet<>();
        for (Rendering r : RENDERINGS) {
            for (Deployment d : r.appDeployments()) {
                String at = r.where(d);
                Container c = container(d);
                SmallRyeConfig config = CONFIG.of(c);
                boolean web = "web".equals(component(d));
                check(problems, AppConfig.relayEnabled(config) == web, "%s: the outbox relay (%s) should be %s", at,
                        AppConfig.envName(AppConfig.RELAY_SWITCH), web ? "on" : "off");
                check(problems, AppConfig.liveEnabled(config) == web, "%s: the live rooms (%s) should be %s", at,
                        AppConfig.envName(AppConfig.LIVE_SWITCH), web ? "on" : "off");
                check(problems, AppConfig.analyticsConsumerEnabled(config) == !web,
                        "%s: the analytics consumer (PANEL_ANALYTICS_CONSUMER_ENABLED) should be %s", at,
                        web ? "off" : "on");
                // the live rooms' tier does not run on the image's footprint-tuned ParallelGC
                check(problems, !web || env(c, "GC_CONTAINER_OPTIONS").orElse("").contains("-XX:+UseG1GC"),
                        "%s: the web tier should run G1 (GC_CONTAINER_OPTIONS)", at);
                for (EnvVar var : c.getEnv()) {
                    check(problems, known.contains(var.getName()) || IMAGE_VARIABLES.containsKey(var.getName()),
                            "%s: %s sets nothing the app reads", at, var.getName());
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void secretsAreOnlyReferencedAndEveryImageIsPinned() {
        Pattern secretName = Pattern.compile(".*(PASSWORD|SECRET|TOKEN|CREDENTIAL|PRIVATE_KEY).*");
        Pattern secretValue = Pattern.compile("(?i).*((password|passwd|secret)=|://[^/@\\s]+:[^/@\\s]+@).*");
        Set<String> problems = new LinkedHashSet<>();
        for (Rendering r : RENDERINGS) {
            for (Manifest m : r.manifests()) {
                check(problems, !m.kind().equals("Secret"), "%s: Secrets are created out of band (README, Secrets)",
                        m.where());
                images(m.body(), m.where(), problems);
            }
            for (Deployment d : r.appDeployments()) {
                for (EnvVar var : container(d).getEnv()) {
                    String at = r.where(d) + ", " + var.getName();
                    check(problems, var.getValue() == null || !secretName.matcher(var.getName()).matches(),
                            "%s: a secret's value in the manifest; use valueFrom.secretKeyRef", at);
                    check(problems, var.getValue() == null || !secretValue.matcher(var.getValue()).matches(),
                            "%s: the value carries a credential", at);
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void networkPoliciesDenyByDefaultAndOpenWhatTheAppUses() {
        Set<String> problems = new LinkedHashSet<>();
        for (Rendering r : RENDERINGS) {
            List<NetworkPolicy> list = r.typed("NetworkPolicy", NetworkPolicy.class);
            NetworkPolicies policies = new NetworkPolicies(list);
            Map<String, JsonNode> poolers = r.specs("Pooler");
            check(problems, list.stream().anyMatch(p -> p.getSpec().getPolicyTypes().containsAll(List.of("Ingress",
                    "Egress")) && p.getSpec().getIngress().isEmpty() && p.getSpec().getEgress().isEmpty()
                    && NetworkPolicies.matches(p.getSpec().getPodSelector(), Map.of("app.kubernetes.io/name", Rendering.APP))),
                    "%s: no default-deny NetworkPolicy for the app's pods", r.kustomization());
            String namespace = r.manifests().stream().filter(m -> m.kind().equals("Deployment")).findFirst()
                    .map(m -> m.body().path("metadata").path("namespace").asText()).orElse("");
            for (Deployment d : r.appDeployments()) {
                String at = r.where(d);
                Container c = container(d);
                Peer pod = Peer.inNamespace(namespace, d.getSpec().getTemplate().getMetadata().getLabels());
                Map<String, Target> egress = new LinkedHashMap<>();
                egress.put("DNS", new Target(new Peer(Map.of("kubernetes.io/metadata.name", "kube-system"),
                        Map.of("k8s-app", "kube-dns")), 53, "UDP"));
                for (String variable : List.of("QUARKUS_DATASOURCE_JDBC_URL", "PANEL_EVENTS_RELAY_JDBC_URL",
                        "PANEL_ANALYTICS_JDBC_URL")) {
                    URI url = URI.create(env(c, variable).orElse("jdbc:none").substring("jdbc:".length()));
                    String host = Objects.requireNonNullElse(url.getHost(), "");
                    // CloudNativePG labels a cluster's instances and a pooler's pods with their owner's name.
                    Map<String, String> labels = poolers.containsKey(host) ? Map.of("cnpg.io/poolerName", host)
                            : Map.of("cnpg.io/cluster", host.replaceFirst("-rw$", ""));
                    egress.put(variable, new Target(Peer.inNamespace(namespace, labels), url.getPort(), "TCP"));
                }
                URI bootstrap = URI.create("kafka://" + env(c, "KAFKA_BOOTSTRAP_SERVERS").orElse(""));
                r.specs("Kafka").keySet().forEach(cluster -> egress.put("KAFKA_BOOTSTRAP_SERVERS", new Target(
                        Peer.inNamespace(namespace, Map.of("strimzi.io/cluster", cluster, "strimzi.io/kind", "Kafka")),
                        bootstrap.getPort(), "TCP")));
                // The Keycloak operator labels its pods app: keycloak; they serve https on spec.http.httpsPort.
                r.specs("Keycloak").forEach((name, spec) -> egress.put("Keycloak " + name, new Target(
                        Peer.inNamespace(namespace, Map.of("app", "keycloak", "app.kubernetes.io/instance", name)),
                        spec.path("http").path("httpsPort").asInt(8443), "TCP")));
                egress.forEach((what, target) -> check(problems,
                        policies.egress(pod, target.peer(), target.port(), target.protocol()),
                        "%s: the pods cannot reach %s on port %d", at, what, target.port()));
                check(problems, policies.ingress(pod, Peer.inNamespace("monitoring", Map.of()), port(c, "management")),
                        "%s: Prometheus (namespace monitoring) cannot scrape the management port", at);
                check(problems, !"web".equals(component(d))
                        || policies.ingress(pod, Peer.inNamespace("ingress-nginx", Map.of()), port(c, "http")),
                        "%s: ingress-nginx cannot reach the http port", at);
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void prometheusScrapesBothTiersAndEveryAlertHasARunbook() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        Set<String> problems = new LinkedHashSet<>();
        for (Rendering r : RENDERINGS) {
            Map<String, JsonNode> monitors = r.specs("ServiceMonitor");
            check(problems, !monitors.isEmpty(), "%s: no ServiceMonitor", r.kustomization());
            for (Deployment d : r.appDeployments()) {
                Map<String, String> labels = d.getSpec().getTemplate().getMetadata().getLabels();
                List<Service> services = r.typed("Service", Service.class).stream()
                        .filter(s -> labels.entrySet().containsAll(s.getSpec().getSelector().entrySet())).toList();
                boolean scraped = monitors.values().stream().anyMatch(m -> services.stream()
                        .anyMatch(s -> NetworkPolicies.matches(TypedManifests.STRICT.convertValue(m.path("selector"),
                                LabelSelector.class), s.getMetadata().getLabels())
                                && m.path("endpoints").findValuesAsText("port").stream().anyMatch(port -> s.getSpec()
                                        .getPorts().stream().anyMatch(p -> port.equals(p.getName())
                                                && targets(p, container(d)) == port(container(d), "management")))
                                && m.path("endpoints").findValuesAsText("path").contains("/q/metrics")));
                check(problems, scraped, "%s: no ServiceMonitor scrapes /q/metrics on its management port",
                        r.where(d));
            }
            r.specs("PrometheusRule").forEach((name, spec) -> spec.path("groups").findValues("rules")
                    .forEach(rules -> rules.forEach(rule -> {
                        String alert = rule.path("alert").asText();
                        String runbook = rule.path("annotations").path("runbook_url").asText();
                        check(problems, runbook.endsWith("#" + alert.toLowerCase())
                                && readme.contains("\n### " + alert + "\n"),
                                "%s: alert %s should link its section of "
                                        + "deploy/kubernetes/README.md",
                                r.where("PrometheusRule", name), alert);
                        check(problems, rule.path("labels").has("severity"), "%s: alert %s has no severity",
                                r.where("PrometheusRule", name), alert);
                    })));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theExpressionReaderFindsMetricsAndLabels() {
        String expr = "histogram_quantile(0.5, sum by (le, report) (rate(a_seconds_bucket{type=\"q\", pod=~\"x.*\"}[5m])))"
                + " / on(pod) (b_total or absent(c))";
        assertThat(PromQl.selectors(expr)).extracting(Selector::metric).containsExactly("a_seconds_bucket", "b_total",
                "c");
        assertThat(PromQl.selectors(expr).get(0).matchers()).containsExactly(new LabelMatcher("type", "=", "q"),
                new LabelMatcher("pod", "=~", "x.*"));
        assertThat(PromQl.groupingLabels(expr)).containsExactly("le", "report", "pod");
    }

    @Test
    void everyMetricTheDashboardTheAlertsAndTheAutoscalerUseIsExported() throws IOException {
        Map<String, String> uses = metricUses();
        Scrape scrape = afterLiveScoringAndReports();
        Set<String> problems = new LinkedHashSet<>();
        uses.forEach((where, expr) -> {
            List<Selector> selectors = PromQl.selectors(expr);
            for (Selector s : selectors) {
                if (FROM_ELSEWHERE.containsKey(s.metric())) {
                    continue;
                }
                if (!check(problems, scrape.exports(s.metric()), "%s uses %s, which the app does not export", where,
                        s.metric())) {
                    continue;
                }
                for (LabelMatcher m : s.matchers()) {
                    if (!TARGET_LABELS.contains(m.label())) {
                        check(problems, scrape.hasLabel(s.metric(), m.label()), "%s selects %s on %s, which has no such label",
                                where, m.label(), s.metric());
                        check(problems, !m.op().equals("=") || scrape.hasSeries(s.metric(), m.label(), m.value()),
                                "%s selects %s=\"%s\", which %s never has", where, m.label(), m.value(), s.metric());
                    }
                }
            }
            for (String label : PromQl.groupingLabels(expr)) {
                check(problems, TARGET_LABELS.contains(label)
                        || selectors.stream().anyMatch(s -> scrape.hasLabel(s.metric(), label)),
                        "%s groups by %s, which none of its metrics has", where, label);
            }
        });
        assertThat(problems).as("metrics the dashboard, alerts and autoscaler use").isEmpty();
    }

    /** Where each expression is (file, and panel, alert or autoscaler) → the expression. */
    private static Map<String, String> metricUses() throws IOException {
        Map<String, String> uses = new LinkedHashMap<>();
        JsonNode dashboard = new ObjectMapper().readTree(ROOT.resolve("observability/grafana-dashboard.json").toFile());
        panels(dashboard.path("panels"), uses);
        Rendering production = RENDERINGS.stream().filter(r -> r.kustomization().equals("overlays/production"))
                .findFirst().orElseThrow();
        for (Manifest m : production.manifests()) {
            if (m.kind().equals("PrometheusRule")) {
                m.body().path("spec").path("groups").findValues("rules").forEach(rules -> rules.forEach(rule -> uses
                        .put(m.source() + ", alert " + rule.path("alert").asText(), rule.path("expr").asText())));
            }
            if (m.kind().equals("HorizontalPodAutoscaler")) {
                TypedManifests.read(m, HorizontalPodAutoscaler.class).getSpec().getMetrics().stream()
                        .filter(s -> s.getPods() != null)
                        .forEach(s -> uses.put(m.where() + ", pods metric", s.getPods().getMetric().getName()));
            }
        }
        assertThat(uses).as("expressions found").hasSizeGreaterThan(20);
        return uses;
    }

    private static void panels(JsonNode panels, Map<String, String> uses) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                uses.put("observability/grafana-dashboard.json, panel \"" + panel.path("title").asText() + "\" "
                        + target.path("refId").asText(), target.path("expr").asText());
            }
            panels(panel.path("panels"), uses);
        }
    }

    /**
     * The app's metrics once a panelist and the candidate are in a live room that gets questions and a rating, and
     * every report has been asked for: the timers and per-label series exist only after such activity.
     */
    private static Scrape afterLiveScoringAndReports() {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        Sessions.Scheduled session = Sessions.schedule(2);
        String cookie = given().redirects().follow(false).get("/join/" + session.token()).then().statusCode(303)
                .extract().cookie("panel_candidate");
        try (LiveClient bob = LiveClient.panel(port, session.id(), token("bob"));
                LiveClient candidate = LiveClient.candidate(port, cookie)) {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !bob.frames("snapshot").isEmpty() && !candidate.frames("snapshot").isEmpty());
            Sessions.act("alice", session.id(), "start").statusCode(200);
            Sessions.advance("alice", session.id(), "next").statusCode(200);
            Scoring.rate("bob", session.id(), 1, Map.of("rating", 4)).statusCode(200);
            for (String report : REPORTS) {
                given().auth().oauth2(token("hana")).get("/api/reports/" + report).then().statusCode(200);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> bob.frames("question").size() >= 2
                    && !candidate.frames("question").isEmpty() && !bob.frames("progress").isEmpty());
            // While both sockets are open, the live gauges count them.
            return await().atMost(Duration.ofSeconds(10)).until(
                    () -> Scrape.of(Management.given().get("/q/metrics").then().statusCode(200).extract().asString()),
                    s -> s.sum("panel_live_connections", "channel", "panel") >= 1
                            && s.sum("panel_live_connections", "channel", "candidate") >= 1
                            && s.sum("panel_live_sessions") >= 1
                            && s.sum("panel_live_frame_delay_seconds_count", "type", "question") >= 1);
        }
    }

    /** A peer the app's pods dial, on a port. */
    private record Target(Peer peer, int port, String protocol) {
    }

    private static void probe(Set<String> problems, String where, String kind, Probe probe, String path, Container c,
            int management) {
        if (!check(problems, probe != null && probe.getHttpGet() != null, "%s: no %s probe over HTTP", where, kind)) {
            return;
        }
        int number = port(c, probe.getHttpGet().getPort());
        check(problems, path.equals(probe.getHttpGet().getPath()) && number == management,
                "%s: the %s probe should ask %s on the management port %d", where, kind, path, management);
    }

    private static int replicas(List<KafkaNodePool> pools, ProcessRoles role) {
        return pools.stream().filter(p -> p.getSpec().getRoles().contains(role)).mapToInt(p -> p.getSpec().getReplicas())
                .sum();
    }

    private static final Pattern DIGEST = Pattern.compile(".+@sha256:[0-9a-f]{64}");
    private static final Pattern TAG = Pattern.compile("[^:/]+(?::\\d+)?(?:/[^:/]+)*:([\\w][\\w.-]{0,127})");

    /** Every {@code image} or {@code imageName} in the object has a tag other than latest, or a digest. */
    private static void images(JsonNode node, String where, Set<String> problems) {
        node.properties().forEach(field -> {
            JsonNode value = field.getValue();
            if ((field.getKey().equals("image") || field.getKey().equals("imageName")) && value.isTextual()) {
                Matcher tag = TAG.matcher(value.asText());
                check(problems, DIGEST.matcher(value.asText()).matches() || tag.matches() && !tag.group(1).equals("latest"),
                        "%s: image %s is not pinned to a tag or digest", where, value.asText());
            } else if (value.isContainerNode()) {
                images(value, where, problems);
            }
        });
        if (node.isArray()) {
            node.forEach(item -> images(item, where, problems));
        }
    }

    private static boolean check(Set<String> problems, boolean ok, String message, Object... args) {
        if (!ok) {
            problems.add(String.format(message, args));
        }
        return ok;
    }
}
