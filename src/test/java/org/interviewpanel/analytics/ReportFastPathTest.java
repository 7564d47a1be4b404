package org.interviewpanel.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.interviewpanel.analytics.ReportDtos.InterviewerRow;
import org.interviewpanel.events.Seat;
import org.interviewpanel.events.SessionEvent;
import org.interviewpanel.security.PeopleDirectory;
import org.interviewpanel.testsupport.CloudEventRecords;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The reports read per-session statistics the projection keeps; they must give exactly the numbers of the full
 * recomputation from the facts ({@link FactRecomputation}, today's definitions). Random sessions go through the real
 * topic and consumer with missing ratings, cleared ratings, revisions, shadows, unsubmitted seats, revisits, sessions
 * whose scheduling event never comes, reschedules, cancellations, every event shuffled and a share delivered twice; then
 * both paths are compared under several filters and for a reader whose own seats are withheld, with the weekly rollups
 * up to date (so every whole week in scope is read from them). Krippendorff's worked
 * example goes through the same way.
 */
@QuarkusTest
class ReportFastPathTest {

    static final String TAG = UUID.randomUUID().toString().substring(0, 8);
    static final String[] POSITIONS = { "Fast path A " + TAG, "Fast path B " + TAG, "Fast path C " + TAG };
    static final String[] PEOPLE = { "fp1-" + TAG, "fp2-" + TAG, "fp3-" + TAG, "fp4-" + TAG, "fp5-" + TAG,
            "fp6-" + TAG };
    static final String[] DECISIONS = { "HIRE", "NO_HIRE", "HOLD" };

    @Inject
    ObjectMapper json;

    @Inject
    AnalyticsStore store;

    @Inject
    ReportSql sql;

    @Inject
    InterviewersReport interviewers;

    @Inject
    QuestionsReport questions;

    @Inject
    ReliabilityReport reliability;

    @Inject
    PipelineReport pipeline;

    @Inject
    PeopleDirectory people;

    @Inject
    Withholding withholding;

    private final List<ProducerRecord<String, byte[]>> records = new ArrayList<>();

    @Test
    void theStatisticsGiveTheNumbersOfTheFullRecomputation() throws Exception {
        Random random = new Random(20261129);
        Instant start = Instant.parse("2026-03-02T09:00:00Z");
        List<UUID> sessions = new ArrayList<>();
        List<UUID> sets = List.of(UUID.randomUUID(), UUID.randomUUID());
        for (int s = 0; s < 160; s++) {
            sessions.add(session(random, start, sets));
        }
        Collections.shuffle(records, random);
        List<ProducerRecord<String, byte[]>> twice = new ArrayList<>(records);
        for (ProducerRecord<String, byte[]> r : records) {
            if (random.nextInt(6) == 0) {
                twice.add(random.nextInt(twice.size()), r);
            }
        }
        publishAndWait(twice);

        // The refresher's background pass brings the weekly rollups up to date: the comparisons below read them for
        // every whole week in scope (and the statistics rows for the rest), which is what they check.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> dirtyCells() == 0);
        assertThat(rollupRows(POSITIONS[0])).as("rollup rows of a tagged position").isPositive();

        FactRecomputation full = new FactRecomputation(sql);
        String reader = PEOPLE[0];
        List<ReportFilter> filters = List.of(
                new ReportFilter(null, null, POSITIONS[0], null, null, null),
                new ReportFilter(null, null, POSITIONS[1], null, null, "hana"),
                new ReportFilter(null, null, POSITIONS[0], null, null, reader),
                new ReportFilter(Instant.parse("2026-03-10T00:00:00Z"), Instant.parse("2026-04-01T00:00:00Z"),
                        POSITIONS[2], null, null, null),
                new ReportFilter(Instant.parse("2026-03-05T12:30:00Z"), null, POSITIONS[1], sets.get(0), null, reader),
                new ReportFilter(null, null, null, sets.get(1), null, null),
                new ReportFilter(null, null, null, null, sessions.get(3), null),
                ReportFilter.everything(),
                // whole days and no whole week; whole days up to a day's middle, with a reader; an open start
                new ReportFilter(Instant.parse("2026-03-11T00:00:00Z"), Instant.parse("2026-03-14T00:00:00Z"), null,
                        null, null, null),
                new ReportFilter(Instant.parse("2026-03-04T00:00:00Z"), Instant.parse("2026-04-22T15:00:00Z"),
                        POSITIONS[0], null, null, reader),
                new ReportFilter(null, Instant.parse("2026-04-08T00:00:00Z"), null, sets.get(0), null, null));
        assertThat(withholding.count(filters.get(2))).as("the reader has seats withheld").isPositive();
        Cells whole = sql.inSnapshot(c -> Cells.of(c, filters.get(3), Rollups.ITEMS));
        assertThat(whole.rollup()).as("a period of whole weeks and partial ones reads both").isTrue();
        assertThat(whole.from()).isEqualTo(java.time.LocalDate.parse("2026-03-16"));
        assertThat(whole.to()).isEqualTo(java.time.LocalDate.parse("2026-03-30"));
        assertThat(whole.days()).as("its partial weeks are whole days, read from the daily rollups").isTrue();
        assertThat(whole.dayFrom()).isEqualTo(java.time.LocalDate.parse("2026-03-10"));
        assertThat(whole.dayTo()).isEqualTo(java.time.LocalDate.parse("2026-04-01"));
        Cells days = sql.inSnapshot(c -> Cells.of(c, filters.get(8), Rollups.ITEMS));
        assertThat(days.weeks()).as("three days: no whole week").isFalse();
        assertThat(days.days()).as("three days: read from the daily rollups").isTrue();
        assertThat(dayRollupRows(POSITIONS[0])).as("daily rollup rows of a tagged position").isPositive();
        assertThat(sql.inSnapshot(c -> Cells.of(c, filters.get(2), Rollups.ITEMS)).excluded())
                .as("the cells of the reader's withheld sessions are read row by row").isNotEmpty();
        int compared = 0;
        for (ReportFilter f : filters) {
            int withheld = withholding.count(f);
            var fastInterviewers = settled(() -> interviewers.interviewers(f));
            Set<String> drifted = new HashSet<>();
            fastInterviewers.rows().stream().filter(InterviewerRow::driftFlagged).forEach(r -> drifted.add(r.interviewer()));
            assertThat(fastInterviewers).as("interviewers, %s", f)
                    .isEqualTo(full.interviewers(f, withheld, fastInterviewers.rebuilding(), people.names(), drifted));
            var fastQuestions = settled(() -> questions.questions(f));
            assertThat(fastQuestions).as("questions, %s", f)
                    .isEqualTo(full.questions(f, withheld, fastQuestions.rebuilding()));
            var fastPipeline = settled(() -> pipeline.pipeline(f));
            assertThat(fastPipeline).as("pipeline, %s", f)
                    .isEqualTo(full.pipeline(f, withheld, fastPipeline.rebuilding()));
            var fastReliability = settled(() -> reliability.reliability(f));
            assertThat(fastReliability).as("reliability, %s", f)
                    .isEqualTo(full.reliability(f, withheld, fastReliability.rebuilding()));
            compared += fastInterviewers.rows().size() + fastQuestions.rows().size();
        }
        // Not an empty comparison: the tagged positions hold the six interviewers and most questions.
        var mine = interviewers.interviewers(filters.get(0));
        assertThat(mine.rows().stream().filter(r -> r.interviewer().endsWith(TAG)).count()).isEqualTo(PEOPLE.length);
        assertThat(mine.rows().stream().filter(r -> r.leniency() != null).count()).isGreaterThanOrEqualTo(5);
        assertThat(questions.questions(filters.get(0)).rows()).hasSizeGreaterThan(10)
                .anySatisfy(q -> assertThat(q.discrimination()).isNotNull())
                .anySatisfy(q -> assertThat(q.medianMinutes()).isNotNull());
        assertThat(reliability.reliability(filters.get(0)).pairableValues()).isGreaterThan(200);
        assertThat(compared).isGreaterThan(100);
    }

    @Test
    void krippendorffsWorkedExampleThroughTheTopic() throws Exception {
        // K. Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011), section C: observers A-D by units 1-12,
        // 0 = missing. Each observer is a panelist, each unit an item; the final ratings come with the scorecards.
        int[][] matrix = {
                { 1, 2, 3, 3, 2, 1, 4, 1, 2, 0, 0, 0 },
                { 1, 2, 3, 3, 2, 2, 4, 1, 2, 5, 0, 3 },
                { 0, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, 0 },
                { 1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, 0 } };
        UUID id = UUID.randomUUID();
        UUID candidate = UUID.randomUUID();
        Instant at = Instant.parse("2026-05-04T10:00:00Z");
        List<SessionEvent.SessionScheduled.Item> items = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            items.add(new SessionEvent.SessionScheduled.Item(i, "kafka/paper/unit-" + i, 1, "Unit " + i + "?",
                    "kafka/paper", 5));
        }
        List<SessionEvent.SessionScheduled.Panelist> panel = new ArrayList<>();
        for (int o = 0; o < 4; o++) {
            panel.add(new SessionEvent.SessionScheduled.Panelist("observer-" + (char) ('a' + o) + "-" + TAG, o == 0,
                    Seat.PANEL));
        }
        add(id, new SessionEvent.SessionScheduled(id, candidate, "Paper " + TAG, UUID.randomUUID(), "Paper", items, panel,
                at, at.minus(1, ChronoUnit.DAYS)));
        for (int o = 0; o < 4; o++) {
            List<SessionEvent.ScorecardSubmitted.FinalRating> finals = new ArrayList<>();
            for (int u = 0; u < 12; u++) {
                if (matrix[o][u] != 0) {
                    finals.add(new SessionEvent.ScorecardSubmitted.FinalRating(u + 1, "kafka/paper/unit-" + (u + 1), 1,
                            matrix[o][u]));
                }
            }
            add(id, new SessionEvent.ScorecardSubmitted(id, candidate, panel.get(o).username(), Seat.PANEL, "YES", finals,
                    at.plus(1, ChronoUnit.HOURS)));
        }
        publishAndWait(records);

        var result = reliability.reliability(new ReportFilter(null, null, null, null, id, null));
        assertThat(result.alphaOrdinal()).isCloseTo(0.815, within(0.0005));
        assertThat(result.alphaInterval()).isCloseTo(0.849, within(0.0005));
        assertThat(result.units()).isEqualTo(11);
        assertThat(result.pairableValues()).isEqualTo(40);
        assertThat(result.raters()).isEqualTo(4);
    }

    /**
     * Repeats the read until two in a row agree: other tests' events may still be arriving for unfiltered scopes. On
     * the test's own thread, whose request context the reports need once the people directory's cache has expired
     * (a CI run met the Keycloak client's "RequestScoped context was not active" on Awaitility's thread).
     */
    private static <T> T settled(Supplier<T> read) {
        Object[] last = { read.get() };
        await().pollInSameThread().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            T next = read.get();
            boolean same = next.equals(last[0]);
            last[0] = next;
            return same;
        });
        @SuppressWarnings("unchecked")
        T value = (T) last[0];
        return value;
    }

    /** One random session's events, added to {@link #records}. */
    private UUID session(Random random, Instant start, List<UUID> sets) throws Exception {
        UUID id = UUID.randomUUID();
        UUID candidate = UUID.randomUUID();
        Instant at = start.plus(random.nextInt(60), ChronoUnit.DAYS).plus(random.nextInt(600), ChronoUnit.MINUTES);
        String position = POSITIONS[random.nextInt(POSITIONS.length)];
        UUID set = sets.get(random.nextInt(sets.size()));
        int itemCount = 2 + random.nextInt(5);
        List<Integer> keys = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17));
        Collections.shuffle(keys, random);
        List<String> people = new ArrayList<>(List.of(PEOPLE));
        Collections.shuffle(people, random);
        int panelSize = 2 + random.nextInt(3);
        boolean withShadow = random.nextInt(4) == 0;
        List<SessionEvent.SessionScheduled.Item> items = new ArrayList<>();
        for (int i = 0; i < itemCount; i++) {
            items.add(new SessionEvent.SessionScheduled.Item(i + 1, key(keys.get(i)), 1, "Question " + keys.get(i) + "?",
                    "kafka/fast-path", 6));
        }
        List<SessionEvent.SessionScheduled.Panelist> panel = new ArrayList<>();
        for (int p = 0; p < panelSize + (withShadow ? 1 : 0); p++) {
            panel.add(new SessionEvent.SessionScheduled.Panelist(people.get(p), p == 0,
                    p == panelSize ? Seat.SHADOW : Seat.PANEL));
        }
        if (random.nextInt(12) != 0) { // now and then the scheduling event never arrives
            add(id, new SessionEvent.SessionScheduled(id, candidate, position, set, "Set", items, panel, at,
                    at.minus(2, ChronoUnit.DAYS)));
        }
        if (random.nextInt(8) == 0) {
            add(id, new SessionEvent.SessionRescheduled(id, candidate, at.plus(3, ChronoUnit.DAYS), at, 60, 1, "hana",
                    at.minus(1, ChronoUnit.DAYS)));
        }
        if (random.nextInt(10) == 0) {
            add(id, new SessionEvent.SessionCancelled(id, candidate, "SCHEDULED", "hana", at.minus(1, ChronoUnit.HOURS)));
            return id;
        }
        add(id, new SessionEvent.SessionStarted(id, candidate, people.get(0), at));
        Instant t = at;
        for (int visit = 0, visits = random.nextInt(itemCount + 3); visit < visits; visit++) {
            t = t.plusSeconds(60 + random.nextInt(900));
            int position1 = 1 + random.nextInt(itemCount);
            add(id, new SessionEvent.QuestionAsked(id, candidate, position1, itemCount, key(keys.get(position1 - 1)), 1,
                    t));
        }
        double quality = 1 + random.nextInt(5);
        for (SessionEvent.SessionScheduled.Panelist p : panel) {
            Seat seat = p.seat();
            List<SessionEvent.ScorecardSubmitted.FinalRating> finals = new ArrayList<>();
            for (int i = 1; i <= itemCount; i++) {
                int rating = (int) Math.max(1, Math.min(5, Math.round(quality + random.nextGaussian())));
                int revisions = random.nextInt(3);
                for (int r = 1; r <= revisions; r++) {
                    Integer given = random.nextInt(5) == 0 ? null : Integer.valueOf(rating);
                    add(id, new SessionEvent.RatingRecorded(id, candidate, p.username(), seat, i, key(keys.get(i - 1)), 1,
                            given, false, r, t.plusSeconds(r)));
                }
                if (random.nextInt(5) != 0) { // missing values: not every item rated
                    finals.add(new SessionEvent.ScorecardSubmitted.FinalRating(i, key(keys.get(i - 1)), 1, rating));
                }
            }
            if (random.nextInt(5) != 0) { // some seats never submit
                add(id, new SessionEvent.ScorecardSubmitted(id, candidate, p.username(), seat,
                        random.nextBoolean() ? "YES" : random.nextBoolean() ? "NO" : "STRONG_YES", finals,
                        t.plus(20 + random.nextInt(300), ChronoUnit.MINUTES)));
            }
        }
        if (random.nextInt(6) != 0) {
            Instant end = t.plus(10, ChronoUnit.MINUTES);
            add(id, new SessionEvent.SessionEnded(id, candidate, people.get(0), end));
            if (random.nextInt(4) != 0) {
                add(id, new SessionEvent.DecisionRecorded(id, candidate, DECISIONS[random.nextInt(3)], "hana",
                        end.plus(1 + random.nextInt(48), ChronoUnit.HOURS)));
            }
        }
        return id;
    }

    private void add(UUID session, SessionEvent event) throws Exception {
        records.add(CloudEventRecords.event(session.toString(), event.type().ceType(), json.writeValueAsString(event)));
    }

    private void publishAndWait(List<ProducerRecord<String, byte[]>> out) throws Exception {
        Set<UUID> ids = new HashSet<>();
        try (KafkaProducer<String, byte[]> producer = CloudEventRecords.producer()) {
            for (ProducerRecord<String, byte[]> r : out) {
                ids.add(UUID.fromString(new String(r.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8)));
                producer.send(r);
            }
            producer.flush();
        }
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> processed(ids) == ids.size());
        records.clear();
    }

    private long dirtyCells() throws Exception {
        return count("select count(*) from analytics.cell_dirty", null);
    }

    private long rollupRows(String position) throws Exception {
        return count("select count(*) from analytics.question_week where position = ?", position);
    }

    private long dayRollupRows(String position) throws Exception {
        return count("select count(*) from analytics.question_day where position = ?", position);
    }

    private long count(String query, String parameter) throws Exception {
        try (Connection c = store.connection(); PreparedStatement ps = c.prepareStatement(query)) {
            if (parameter != null) {
                ps.setString(1, parameter);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private long processed(Set<UUID> ids) throws Exception {
        try (Connection c = store.connection();
                PreparedStatement ps = c.prepareStatement(
                        "select count(*) from analytics.processed_event where event_id = any(?)")) {
            ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String key(int question) {
        return "kafka/fast-path/question-" + TAG + "-" + question;
    }
}
