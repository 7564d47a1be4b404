package org.interviewpanel.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Renders a kustomization as {@code kubectl apply -k} would, for the features these manifests use: resources (files
 * and kustomization directories), {@code namespace}, {@code labels} on metadata only, a {@code configMapGenerator}
 * without name hashes, and patches that name their target in the patch itself. No kustomize binary can be fetched on
 * the build machines; anything beyond these features fails here rather than render differently from kustomize.
 */
final class Kustomize {

    static final ObjectMapper YAML = new ObjectMapper(
            new YAMLFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION));

    private static final Set<String> FIELDS = Set.of("apiVersion", "kind", "namespace", "labels", "resources", "patches",
            "configMapGenerator", "generatorOptions");
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "PersistentVolume", "StorageClass", "PriorityClass");
    /**
     * The merge keys of the built-in lists these patches reach (the {@code patchMergeKey} of the Kubernetes API):
     * strategic merge merges their items by that key; every other list is replaced, as it is for lists without one.
     */
    private static final Map<String, String> MERGE_KEYS = Map.of("containers", "name", "initContainers", "name",
            "env", "name", "volumes", "name", "volumeMounts", "mountPath", "ports", "containerPort", "imagePullSecrets",
            "name", "topologySpreadConstraints", "topologyKey");

    private Kustomize() {
    }

    /** One object of a rendering, and where it comes from (its file, and the kustomizations that patched it). */
    record Manifest(String source, ObjectNode body) {

        String kind() {
            return body.path("kind").asText();
        }

        String name() {
            return body.path("metadata").path("name").asText();
        }

        /** For messages: {@code Deployment interview-panel-web (base/app/web-deployment.yaml)}. */
        String where() {
            return kind() + " " + name() + " (" + source + ")";
        }
    }

    /** The YAML documents of a file (comment-only documents left out). */
    static List<JsonNode> documents(Path file) throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        try (var values = YAML.readValues(YAML.getFactory().createParser(file.toFile()), JsonNode.class)) {
            values.forEachRemaining(d -> {
                if (d != null && !d.isNull() && !d.isMissingNode()) {
                    documents.add(d);
                }
            });
        }
        return documents;
    }

    /**
     * The objects {@code kubectl apply -k dir} would apply; {@code read} collects every file the rendering read, so a
     * caller can tell which files no kustomization uses.
     */
    static List<Manifest> render(Path root, Path dir, Set<Path> read) throws IOException {
        Path file = dir.resolve("kustomization.yaml");
        String here = root.relativize(file).toString();
        read.add(file.normalize());
        JsonNode k = YAML.readTree(file.toFile());
        k.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                throw new AssertionError(here + ": '" + f + "' is not supported by the test's renderer (" + FIELDS + ")");
            }
        });
        List<Manifest> out = new ArrayList<>();
        for (JsonNode resource : k.path("resources")) {
            Path path = dir.resolve(resource.asText()).normalize();
            if (Files.isDirectory(path)) {
                out.addAll(render(root, path, read));
            } else if (Files.isRegularFile(path)) {
                read.add(path);
                for (JsonNode d : documents(path)) {
                    out.add(new Manifest(root.relativize(path).toString(), (ObjectNode) d));
                }
            } else {
                throw new AssertionError(here + ": resource " + resource.asText() + " does not exist");
            }
        }
        out.addAll(generate(root, dir, k, here, read));
        for (JsonNode patch : k.path("patches")) {
            patch(out, patch, here);
        }
        String namespace = k.path("namespace").asText(null);
        for (Manifest m : out) {
            ObjectNode metadata = m.body().withObjectProperty("metadata");
            if (namespace != null && !CLUSTER_SCOPED.contains(m.kind())) {
                metadata.put("namespace", namespace);
            }
            for (JsonNode labels : k.path("labels")) {
                if (labels.path("includeSelectors").asBoolean() || labels.path("includeTemplates").asBoolean()) {
                    throw new AssertionError(here + ": labels on selectors or templates are not supported by the test's "
                            + "renderer");
                }
                metadata.withObjectProperty("labels").setAll((ObjectNode) labels.get("pairs"));
            }
        }
        return out;
    }

    private static List<Manifest> generate(Path root, Path dir, JsonNode k, String here, Set<Path> read)
            throws IOException {
        List<Manifest> out = new ArrayList<>();
        for (JsonNode generator : k.path("configMapGenerator")) {
            if (!k.path("generatorOptions").path("disableNameSuffixHash").asBoolean()) {
                throw new AssertionError(here + ": name hashes are not supported by the test's renderer");
            }
            ObjectNode map = YAML.createObjectNode().put("apiVersion", "v1").put("kind", "ConfigMap");
            map.withObjectProperty("metadata").put("name", generator.get("name").asText());
            if (generator.path("options").has("labels")) {
                map.withObjectProperty("metadata").set("labels", generator.path("options").get("labels").deepCopy());
            }
            for (JsonNode entry : generator.path("files")) {
                String[] keyAndFile = entry.asText().split("=", 2);
                Path path = dir.resolve(keyAndFile[keyAndFile.length - 1]).normalize();
                if (!Files.isRegularFile(path)) {
                    throw new AssertionError(here + ": configMapGenerator file " + entry.asText() + " does not exist");
                }
                read.add(path);
                map.withObjectProperty("data").put(keyAndFile.length == 2 ? keyAndFile[0] : path.getFileName().toString(),
                        Files.readString(path));
            }
            out.add(new Manifest(here, map));
        }
        return out;
    }

    private static void patch(List<Manifest> manifests, JsonNode entry, String here) throws IOException {
        if (!entry.has("patch") || entry.has("target") || entry.has("path")) {
            throw new AssertionError(here + ": only inline patches that name their target are supported by the test's "
                    + "renderer");
        }
        ObjectNode patch = (ObjectNode) YAML.readTree(entry.get("patch").asText());
        String kind = patch.path("kind").asText();
        String name = patch.path("metadata").path("name").asText();
        for (int i = 0; i < manifests.size(); i++) {
            Manifest m = manifests.get(i);
            if (m.kind().equals(kind) && m.name().equals(name)
                    && m.body().path("apiVersion").asText().equals(patch.path("apiVersion").asText())) {
                merge(m.body(), patch, builtIn(patch.path("apiVersion").asText()), here);
                String patched = ", patched in " + here;
                manifests.set(i, new Manifest(m.source().endsWith(patched) ? m.source() : m.source() + patched, m.body()));
                return;
            }
        }
        throw new AssertionError(here + ": a patch targets " + kind + " " + name + ", which the kustomization does not have");
    }

    /** Kubernetes' own APIs take strategic merge patches; custom resources take JSON merge patches (lists replaced). */
    private static boolean builtIn(String apiVersion) {
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        return !group.contains(".") || group.endsWith(".k8s.io");
    }

    private static void merge(ObjectNode target, ObjectNode patch, boolean strategic, String here) {
        for (Map.Entry<String, JsonNode> field : patch.properties()) {
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (key.startsWith("$")) {
                throw new AssertionError(here + ": patch directive " + key + " is not supported by the test's renderer");
            }
            JsonNode current = target.get(key);
            if (value.isNull()) {
                target.remove(key);
            } else if (value.isObject() && current != null && current.isObject()) {
                merge((ObjectNode) current, (ObjectNode) value, strategic, here);
            } else if (value.isArray() && current != null && current.isArray() && strategic && MERGE_KEYS.containsKey(key)) {
                mergeByKey((ArrayNode) current, (ArrayNode) value, MERGE_KEYS.get(key), here);
            } else {
                target.set(key, value.deepCopy());
            }
        }
    }

    private static void mergeByKey(ArrayNode target, ArrayNode patch, String mergeKey, String here) {
        for (JsonNode item : patch) {
            JsonNode match = null;
            for (JsonNode existing : target) {
                if (existing.path(mergeKey).equals(item.path(mergeKey))) {
                    match = existing;
                }
            }
            if (match != null) {
                merge((ObjectNode) match, (ObjectNode) item, true, here);
            } else {
                target.add(item.deepCopy());
            }
        }
    }
}
