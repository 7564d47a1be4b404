package org.interviewpanel.deploy;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;

/**
 * Answers whether a set of NetworkPolicies (all in the app's namespace) lets a pod reach a peer, or be reached from
 * one, on a port, as a CNI that enforces them would: a pod selected by no policy of a direction is open in that
 * direction; a selected one is open only where some rule allows.
 */
record NetworkPolicies(List<NetworkPolicy> policies) {

    /** A pod or namespace as the policies see it: its namespace's labels and its own. */
    record Peer(Map<String, String> namespaceLabels, Map<String, String> podLabels) {

        static Peer inNamespace(String namespace, Map<String, String> podLabels) {
            return new Peer(Map.of("kubernetes.io/metadata.name", namespace), podLabels);
        }
    }

    boolean egress(Peer pod, Peer to, int port, String protocol) {
        List<NetworkPolicy> selecting = selecting(pod, "Egress");
        return selecting.isEmpty() || selecting.stream().flatMap(p -> p.getSpec().getEgress().stream())
                .anyMatch(rule -> allows(rule.getTo(), rule.getPorts(), pod, to, port, protocol));
    }

    boolean ingress(Peer pod, Peer from, int port) {
        List<NetworkPolicy> selecting = selecting(pod, "Ingress");
        return selecting.isEmpty() || selecting.stream().flatMap(p -> p.getSpec().getIngress().stream())
                .anyMatch(rule -> allows(rule.getFrom(), rule.getPorts(), pod, from, port, "TCP"));
    }

    private List<NetworkPolicy> selecting(Peer pod, String direction) {
        return policies.stream()
                .filter(p -> types(p).contains(direction) && matches(p.getSpec().getPodSelector(), pod.podLabels()))
                .toList();
    }

    /** Without policyTypes, a policy is about ingress, and about egress too when it has egress rules. */
    private static List<String> types(NetworkPolicy policy) {
        if (!policy.getSpec().getPolicyTypes().isEmpty()) {
            return policy.getSpec().getPolicyTypes();
        }
        return policy.getSpec().getEgress().isEmpty() ? List.of("Ingress") : List.of("Ingress", "Egress");
    }

    private static boolean allows(List<NetworkPolicyPeer> peers, List<NetworkPolicyPort> ports, Peer pod, Peer other,
            int port, String protocol) {
        return (peers.isEmpty() || peers.stream().anyMatch(p -> matches(p, pod, other)))
                && (ports.isEmpty() || ports.stream().anyMatch(p -> matches(p, port, protocol)));
    }

    private static boolean matches(NetworkPolicyPeer peer, Peer pod, Peer other) {
        if (peer.getIpBlock() != null) {
            return false;
        }
        boolean namespace = peer.getNamespaceSelector() == null ? other.namespaceLabels().equals(pod.namespaceLabels())
                : matches(peer.getNamespaceSelector(), other.namespaceLabels());
        return namespace && (peer.getPodSelector() == null || matches(peer.getPodSelector(), other.podLabels()));
    }

    private static boolean matches(NetworkPolicyPort rule, int port, String protocol) {
        IntOrString p = rule.getPort();
        return (rule.getProtocol() == null ? "TCP" : rule.getProtocol()).equals(protocol)
                && (p == null || p.getIntVal() != null && p.getIntVal() == port);
    }

    /** matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist) against a set of labels. */
    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return true;
        }
        boolean ok = selector.getMatchLabels() == null
                || selector.getMatchLabels().entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
        for (var expression : selector.getMatchExpressions()) {
            String value = labels.get(expression.getKey());
            ok &= switch (expression.getOperator()) {
                case "In" -> expression.getValues().contains(value);
                case "NotIn" -> !expression.getValues().contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> false;
            };
        }
        return ok;
    }
}
