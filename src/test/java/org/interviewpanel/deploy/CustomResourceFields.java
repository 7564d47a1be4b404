package org.interviewpanel.deploy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.interviewpanel.deploy.Kustomize.Manifest;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Checks a custom resource that has no Java model against the fields its operator's API has, as listed in
 * {@code deploy/custom-resource-fields.yaml}: every field known, every value of the listed type.
 */
final class CustomResourceFields {

    private static final Set<String> ENVELOPE = Set.of("apiVersion", "kind", "metadata");

    private final Manifest manifest;
    private final List<String> problems = new ArrayList<>();

    CustomResourceFields(Manifest manifest) {
        this.manifest = manifest;
    }

    List<String> check(JsonNode fields) {
        ObjectNode body = manifest.body().deepCopy();
        body.remove(ENVELOPE);
        walk(body, fields, "");
        return problems;
    }

    private void walk(JsonNode value, JsonNode schema, String path) {
        if (schema.isArray()) {
            if (!value.isArray()) {
                problem(path, "should be a list");
                return;
            }
            for (int i = 0; i < value.size(); i++) {
                walk(value.get(i), schema.get(0), path + "[" + i + "]");
            }
        } else if (schema.isObject()) {
            if (!value.isObject()) {
                problem(path, "should be an object");
                return;
            }
            value.properties().forEach(field -> {
                String at = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (schema.has(field.getKey())) {
                    walk(field.getValue(), schema.get(field.getKey()), at);
                } else {
                    problem(at, "is not a field of this API (deploy/custom-resource-fields.yaml)");
                }
            });
        } else {
            leaf(value, schema.asText(), path);
        }
    }

    private void leaf(JsonNode value, String type, String path) {
        switch (type) {
            case "any" -> {
            }
            case "string" -> expect(value.isTextual(), path, "should be a string");
            case "int" -> expect(value.isIntegralNumber(), path, "should be a whole number");
            case "boolean" -> expect(value.isBoolean(), path, "should be true or false");
            case "strings" -> {
                expect(value.isObject(), path, "should be a map");
                value.properties().forEach(e -> expect(e.getValue().isTextual(), path + "." + e.getKey(),
                        "should be a string (quote it)"));
            }
            default -> {
                if (type.contains("|")) {
                    expect(List.of(type.split("\\|")).contains(value.asText()), path, "should be one of " + type);
                } else {
                    typed(value, type, path);
                }
            }
        }
    }

    private void typed(JsonNode value, String type, String path) {
        try {
            TypedManifests.STRICT.treeToValue(value, Class.forName("io.fabric8.kubernetes.api.model." + type));
        } catch (JsonMappingException e) {
            problem(path, e.getOriginalMessage());
        } catch (ClassNotFoundException | IOException e) {
            problem(path, "cannot be read as " + type + ": " + e);
        }
    }

    private void expect(boolean ok, String path, String what) {
        if (!ok) {
            problem(path, what);
        }
    }

    private void problem(String path, String what) {
        problems.add(manifest.where() + ": " + path + " " + what);
    }
}
