package org.interviewpanel.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;

import org.interviewpanel.testsupport.AppDatabase;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The relay's select stays cheap however many events were sent since the last vacuum, and however many wait: on the
 * relay's session it reads the partial index of unsent rows with a plain index scan, which steps over the entries of
 * rows marked sent once it has seen them gone, instead of visiting their table pages on every call; and it looks at a
 * window of the oldest unsent rows, not the whole backlog. Its mark finds the rows it marks by key however much the
 * outbox grew since the relay started. Run on a copy of the outbox in a schema of its own, so the running relay never
 * sees these rows.
 */
@QuarkusTest
class OutboxScanTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SENT = 20_000;
    private static final int BACKLOG = 20_000;
    private static final int SESSIONS = 100;

    @Test
    void theRelaysSelectStepsOverRowsSentSinceTheLastVacuum() throws Exception {
        inScratchOutbox(c -> {
            // 20,000 events, written unsent and then marked sent, as the relay leaves them; three still unsent.
            insertUnsent(c, 1, SENT + 3, "gen_random_uuid()");
            try (Statement st = c.createStatement()) {
                st.execute("update outbox_event set sent_at = now(), attempts = 1 where seq <= " + SENT);
            }
            OutboxPublisher.relaySession(c);
            assertThat(OutboxPublisher.unsent(c, List.of(), List.of(), 500)).extracting(OutboxPublisher.Row::seq)
                    .containsExactly(SENT + 1L, SENT + 2L, SENT + 3L);

            // Later calls touch the index and the three rows, not the pages of 20,000 sent ones (a bitmap scan visits
            // several hundred here on every call). An open transaction elsewhere may keep the sent rows visible to it
            // for a moment; then the scan marks their entries on a later call.
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                JsonNode plan = explain(c);
                assertThat(plan.toString()).doesNotContain("Bitmap");
                assertThat(blocks(plan)).as("pages the relay's select touched: %s", plan).isLessThan(100);
            });
        });
    }

    @Test
    void aLongBacklogIsReadAWindowAtATimeEachSessionFromItsOldestRow() throws Exception {
        inScratchOutbox(c -> {
            // 20,000 unsent events of 100 sessions, interleaved as concurrent sessions write them
            insertUnsent(c, 1, BACKLOG,
                    "('00000000-0000-0000-0000-' || lpad((g * 7919 % " + SESSIONS + ")::text, 12, '0'))::uuid");
            OutboxPublisher.relaySession(c);
            Map<UUID, Long> oldest = new HashMap<>();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("select aggregate_id, min(seq) from outbox_event group by 1")) {
                while (rs.next()) {
                    oldest.put(rs.getObject(1, UUID.class), rs.getLong(2));
                }
            }
            List<OutboxPublisher.Row> rows = OutboxPublisher.unsent(c, List.of(), List.of(), 500);
            assertThat(rows).hasSize(SESSIONS);
            rows.forEach(r -> assertThat(r.seq()).as("session %s", r.aggregateId()).isEqualTo(oldest.get(r.aggregateId())));

            // It read the window, not the backlog (the whole backlog read and sorted on every call made a relay that fell
            // behind slower the further it fell) — also when nearly every session has something on its way.
            JsonNode plan = explain(c);
            assertThat(rowsRead(plan)).as("unsent rows the relay's select read: %s", plan)
                    .isLessThanOrEqualTo(OutboxPublisher.window(500));
            UUID free = rows.get(rows.size() - 1).aggregateId();
            List<UUID> busy = oldest.keySet().stream().filter(id -> !id.equals(free)).toList();
            assertThat(OutboxPublisher.unsent(c, busy, List.of(), 500)).extracting(OutboxPublisher.Row::seq)
                    .containsExactly(oldest.get(free));
            JsonNode busyPlan = explain(c, busy);
            assertThat(rowsRead(busyPlan)).as("unsent rows read with 99 sessions on their way: %s", busyPlan)
                    .isLessThanOrEqualTo(OutboxPublisher.window(500));
        });
    }

    @Test
    void theRelaysMarkReadsItsRowsByKeyHoweverMuchTheOutboxGrewSinceItStarted() throws Exception {
        inScratchOutbox(c -> {
            // The relay starts on a small outbox that no statistics describe and marks rows often: enough runs for the
            // driver to prepare the mark and for PostgreSQL to settle on a plan for it, costed on the small table.
            OutboxPublisher.relaySession(c);
            insertUnsent(c, 1, 10, "gen_random_uuid()");
            for (int round = 0; round < 20; round++) {
                OutboxPublisher.update(c, OutboxPublisher.MARK_SENT, LongStream.rangeClosed(1, 10).boxed().toList(),
                        null);
            }
            // A busy day later the outbox holds 20,000 more rows, and a round's mark still finds its rows by key
            // instead of reading the table (a plan cached on the small table read all of it, on every round).
            insertUnsent(c, 11, 10 + SENT, "gen_random_uuid()");
            // In one transaction this backend's counters are not reported in between, so their difference is the mark's.
            c.setAutoCommit(false);
            try {
                long[] before = scans(c);
                OutboxPublisher.update(c, OutboxPublisher.MARK_SENT,
                        LongStream.rangeClosed(1_001, 1_100).boxed().toList(), null);
                long[] after = scans(c);
                assertThat(after[2] - before[2]).as("rows marked").isEqualTo(100);
                assertThat(after[0] - before[0]).as("sequential scans of the outbox by the mark").isZero();
                assertThat(after[1] - before[1]).as("index scans by the mark").isPositive();
            } finally {
                c.commit();
                c.setAutoCommit(true);
            }
        });
    }

    /** This backend's sequential scans, index scans and updated rows of the outbox, not yet reported. */
    private static long[] scans(Connection c) throws Exception {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select seq_scan, idx_scan, n_tup_upd "
                        + "from pg_stat_xact_user_tables where relid = 'outbox_event'::regclass")) {
            rs.next();
            return new long[] { rs.getLong(1), rs.getLong(2), rs.getLong(3) };
        }
    }

    /** Writes events from..to unsent, each of the session {@code session} gives (an SQL expression over g). */
    private static void insertUnsent(Connection c, int from, int to, String session) throws Exception {
        try (Statement st = c.createStatement()) {
            st.execute("insert into outbox_event (seq, id, aggregate_id, aggregate_version, type, subject, occurred_at, "
                    + "payload, attempts) select g, gen_random_uuid(), " + session + ", 1, "
                    + "'interviewpanel.rating.recorded.v1', 'sessions/x', now(), '{\"rating\": 4}'::jsonb, 0 "
                    + "from generate_series(" + from + ", " + to + ") g");
        }
    }

    private interface ScratchWork {
        void run(Connection c) throws Exception;
    }

    /** Runs {@code work} on a connection whose {@code outbox_event} is an empty copy of the outbox, then drops it. */
    private static void inScratchOutbox(ScratchWork work) throws Exception {
        String schema = "outbox_scan_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = AppDatabase.connect(); Statement st = c.createStatement()) {
            st.execute("create schema " + schema);
            try {
                st.execute("set search_path = " + schema);
                st.execute("create table outbox_event (like public.outbox_event including indexes)");
                st.execute("alter table outbox_event set (autovacuum_enabled = false)"); // what a busy day looks like
                work.run(c);
            } finally {
                st.execute("drop schema " + schema + " cascade");
                st.execute("reset search_path");
            }
        }
    }

    private static JsonNode explain(Connection c) throws Exception {
        return explain(c, List.of());
    }

    private static JsonNode explain(Connection c, List<UUID> onTheirWay) throws Exception {
        try (PreparedStatement explain = c.prepareStatement("explain (analyze, buffers, format json) "
                + OutboxPublisher.UNSENT)) {
            OutboxPublisher.bindUnsent(c, explain, onTheirWay, List.of(), 500);
            try (ResultSet rs = explain.executeQuery()) {
                rs.next();
                return JSON.readTree(rs.getString(1)).get(0).get("Plan");
            }
        }
    }

    /** The rows the plan's scans of the outbox table read (those they returned and those their filter left out). */
    private static long rowsRead(JsonNode plan) {
        long rows = 0;
        if (plan.path("Node Type").asText().endsWith("Scan") && "outbox_event".equals(plan.path("Relation Name").asText())) {
            rows = (plan.path("Actual Rows").asLong() + plan.path("Rows Removed by Filter").asLong())
                    * Math.max(1, plan.path("Actual Loops").asLong());
        }
        for (JsonNode child : plan.path("Plans")) {
            rows += rowsRead(child);
        }
        return rows;
    }

    /** Pages the plan touched, from the cache or not. */
    private static long blocks(JsonNode plan) {
        return plan.path("Shared Hit Blocks").asLong() + plan.path("Shared Read Blocks").asLong();
    }

}
