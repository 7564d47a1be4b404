package org.interviewpanel.deploy;

import java.util.List;

import io.strimzi.api.kafka.model.user.acl.AclOperation;
import io.strimzi.api.kafka.model.user.acl.AclResourcePatternType;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;

/** A KafkaUser's ACLs as Kafka's simple authorizer applies them to a topic or a consumer group. */
record Acls(List<AclRule> rules) {

    boolean topic(String name, AclOperation operation) {
        return allows("topic", name, operation);
    }

    boolean group(String name, AclOperation operation) {
        return allows("group", name, operation);
    }

    private boolean allows(String type, String name, AclOperation operation) {
        return rules.stream().anyMatch(rule -> {
            String pattern;
            AclResourcePatternType patternType;
            if (rule.getResource() instanceof AclRuleTopicResource topic && type.equals("topic")) {
                pattern = topic.getName();
                patternType = topic.getPatternType();
            } else if (rule.getResource() instanceof AclRuleGroupResource group && type.equals("group")) {
                pattern = group.getName();
                patternType = group.getPatternType();
            } else {
                return false;
            }
            boolean matches = "*".equals(pattern)
                    || (patternType == AclResourcePatternType.PREFIX ? name.startsWith(pattern) : name.equals(pattern));
            List<AclOperation> operations = rule.getOperations() == null ? List.of() : rule.getOperations();
            return matches && (operations.contains(operation) || operations.contains(AclOperation.ALL));
        });
    }
}
