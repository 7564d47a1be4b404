package org.interviewpanel.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.interviewpanel.deploy.Kustomize.Manifest;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.apps.Deployment;

/** One kustomization rendered, and the lookups the rules make in it. */
record Rendering(String kustomization, List<Manifest> manifests) {

    /** The label that marks the app's own pods (web and analytics). */
    static final String APP = "interview-panel";

    /** The objects of a kind, in their typed model. */
    <T> List<T> typed(String kind, Class<T> type) {
        return manifests.stream().filter(m -> m.kind().equals(kind)).map(m -> TypedManifests.read(m, type)).toList();
    }

    /** The spec of each custom resource of a kind without a Java model, by name. */
    Map<String, JsonNode> specs(String kind) {
        Map<String, JsonNode> specs = new LinkedHashMap<>();
        manifests.stream().filter(m -> m.kind().equals(kind)).forEach(m -> specs.put(m.name(), m.body().path("spec")));
        return specs;
    }

    /** For messages: the object and the file it comes from. */
    String where(String kind, String name) {
        return manifests.stream().filter(m -> m.kind().equals(kind) && m.name().equals(name)).findFirst()
                .map(Manifest::where).orElse(kustomization + ": " + kind + " " + name);
    }

    String where(Deployment d) {
        return where("Deployment", d.getMetadata().getName());
    }

    /** The Deployments of the app's own pods. */
    List<Deployment> appDeployments() {
        return typed("Deployment", Deployment.class).stream()
                .filter(d -> APP.equals(d.getSpec().getTemplate().getMetadata().getLabels().get("app.kubernetes.io/name")))
                .toList();
    }
}
