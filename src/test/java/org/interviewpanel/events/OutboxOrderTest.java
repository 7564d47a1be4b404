package org.interviewpanel.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What the relay may hand Kafka at once: the oldest unsent row of each session with nothing on its way, so a session's
 * events can never overtake each other whatever the producer does with a failed batch. The rows are written in a
 * transaction that is rolled back: the running relay never sees them.
 */
@QuarkusTest
class OutboxOrderTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void oneRowPerSessionOldestFirstAndNoneOfASessionOnItsWay() throws Exception {
        UUID s1 = UUID.randomUUID();
        UUID s2 = UUID.randomUUID();
        UUID s3 = UUID.randomUUID();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                // committed in this order: s1a, s2a, s1b, s3a, s2b, s1c
                Map<String, UUID> rows = new java.util.LinkedHashMap<>();
                rows.put("s1a", s1);
                rows.put("s2a", s2);
                rows.put("s1b", s1);
                rows.put("s3a", s3);
                rows.put("s2b", s2);
                rows.put("s1c", s1);
                Map<String, UUID> ids = new java.util.HashMap<>();
                int version = 0;
                for (var row : rows.entrySet()) {
                    ids.put(row.getKey(), insert(c, row.getValue(), ++version));
                }

                // s3 has a row on its way: nothing of it; s1 and s2: their oldest only.
                assertThat(names(OutboxPublisher.unsent(c, List.of(s3), List.of(), 500), ids, Set.of(s1, s2, s3)))
                        .containsExactly("s1a", "s2a");

                // s1a acknowledged, not yet marked sent: it counts as sent, s1's next row may go.
                long s1aSeq = seq(c, ids.get("s1a"));
                assertThat(names(OutboxPublisher.unsent(c, List.of(s3), List.of(s1aSeq), 500), ids,
                        Set.of(s1, s2, s3))).containsExactly("s2a", "s1b");

                // s1a acknowledged: s1's next row comes, in commit order with the other sessions' oldest.
                try (PreparedStatement sent = c.prepareStatement("update outbox_event set sent_at = now() where id = ?")) {
                    sent.setObject(1, ids.get("s1a"));
                    sent.executeUpdate();
                }
                assertThat(names(OutboxPublisher.unsent(c, List.of(), List.of(), 500), ids, Set.of(s1, s2, s3)))
                        .containsExactly("s2a", "s1b", "s3a");
            } finally {
                c.rollback();
            }
        }
    }

    private static long seq(Connection c, UUID id) throws Exception {
        try (PreparedStatement select = c.prepareStatement("select seq from outbox_event where id = ?")) {
            select.setObject(1, id);
            try (var rs = select.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static UUID insert(Connection c, UUID session, int version) throws Exception {
        UUID id = UUID.randomUUID();
        try (PreparedStatement insert = c.prepareStatement("insert into outbox_event (id, aggregate_id, "
                + "aggregate_version, type, subject, occurred_at, payload) values (?, ?, ?, ?, ?, ?, '{}'::jsonb)")) {
            insert.setObject(1, id);
            insert.setObject(2, session);
            insert.setInt(3, version);
            insert.setString(4, "interviewpanel.question.asked.v1");
            insert.setString(5, "sessions/" + session);
            insert.setTimestamp(6, Timestamp.from(Instant.now()));
            insert.executeUpdate();
        }
        return id;
    }

    /** The rows of these sessions among those selected, by their names in this test. */
    private static List<String> names(List<OutboxPublisher.Row> selected, Map<String, UUID> ids, Set<UUID> sessions) {
        return selected.stream().filter(r -> sessions.contains(r.aggregateId()))
                .map(r -> ids.entrySet().stream().filter(e -> e.getValue().equals(r.id())).findFirst().orElseThrow()
                        .getKey())
                .toList();
    }
}
