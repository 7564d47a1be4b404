package org.interviewpanel.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.interviewpanel.deploy.Kustomize.Manifest;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.module.SimpleModule;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;

/**
 * Reads manifests into the typed model of their apiVersion and kind, strictly: fabric8's and Strimzi's models keep an
 * unknown field in {@code additionalProperties} (so a typo applies as nothing), and here that catch-all is taken away,
 * so the field fails with its path. Custom resources without a Java model (CloudNativePG, the Keycloak operator,
 * prometheus-operator) are read as {@link GenericKubernetesResource} with typed metadata, and their spec is checked
 * against {@code deploy/custom-resource-fields.yaml}: the fields of those operators' APIs these manifests use.
 */
final class TypedManifests {

    static final Map<String, Class<?>> MODELS = Map.ofEntries(Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/Service", Service.class), Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("v1/ConfigMap", ConfigMap.class), Map.entry("v1/Secret", Secret.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("kafka.strimzi.io/v1beta2/Kafka", Kafka.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaNodePool", KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaTopic", KafkaTopic.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaUser", KafkaUser.class));

    /** Fails on any field its model does not have. */
    static final ObjectMapper STRICT = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .registerModule(new SimpleModule().setDeserializerModifier(new BeanDeserializerModifier() {
                @Override
                public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription bean,
                        BeanDeserializerBuilder builder) {
                    builder.setAnySetter(null);
                    return builder;
                }
            }));
    private static final ObjectMapper LENIENT = new ObjectMapper();
    private static final JsonNode CUSTOM_RESOURCE_FIELDS = customResourceFields();

    private TypedManifests() {
    }

    /** The manifest as its typed model; an {@link AssertionError} naming the file, object and field otherwise. */
    static <T> T read(Manifest manifest, Class<T> type) {
        try {
            return STRICT.treeToValue(manifest.body(), type);
        } catch (JsonMappingException e) {
            throw new AssertionError(manifest.where() + ": " + path(e) + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new AssertionError(manifest.where() + ": " + e.getMessage(), e);
        }
    }

    /** Reads the manifest into its model, or checks it as a custom resource; returns what is wrong, if anything. */
    static List<String> problems(Manifest manifest) {
        String type = manifest.body().path("apiVersion").asText() + "/" + manifest.kind();
        try {
            Class<?> model = MODELS.get(type);
            if (model != null) {
                read(manifest, model);
                return List.of();
            }
            JsonNode fields = CUSTOM_RESOURCE_FIELDS.get(type);
            if (fields == null) {
                return List.of(manifest.where() + ": no model for " + type + " (add one to TypedManifests, or its fields "
                        + "to deploy/custom-resource-fields.yaml)");
            }
            LENIENT.treeToValue(manifest.body(), GenericKubernetesResource.class);
            STRICT.treeToValue(manifest.body().path("metadata"), ObjectMeta.class);
            return new CustomResourceFields(manifest).check(fields);
        } catch (AssertionError e) {
            return List.of(e.getMessage());
        } catch (JsonMappingException e) {
            return List.of(manifest.where() + ": " + path(e) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            return List.of(manifest.where() + ": " + e.getMessage());
        }
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining()).replaceFirst("^\\.", "");
    }

    private static JsonNode customResourceFields() {
        try (InputStream in = TypedManifests.class.getResourceAsStream("/deploy/custom-resource-fields.yaml")) {
            return Kustomize.YAML.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
