package org.interviewpanel.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.interviewpanel.testsupport.EventContract.assertValid;
import static org.interviewpanel.testsupport.Management.metric;
import static org.interviewpanel.testsupport.Sessions.act;
import static org.interviewpanel.testsupport.Sessions.advance;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.interviewpanel.testsupport.EventStream;
import org.interviewpanel.testsupport.Sessions;
import org.interviewpanel.testsupport.Stack;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/** Every session change reaches the real topic exactly once, in order, as a CloudEvent with a schema-valid body. */
@QuarkusTest
public class SessionEventsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    EntityManager em;

    @Test
    void aSessionsLifeIsOnTheTopicInOrderAsValidCloudEvents() throws Exception {
        try (EventStream stream = new EventStream()) {
            Sessions.Scheduled s = Sessions.schedule(3);
            io.restassured.RestAssured.given().redirects().follow(false).get("/join/" + s.token()).then().statusCode(303);
            act("alice", s.id(), "start").statusCode(200);
            advance("alice", s.id(), "next").statusCode(200);
            act("alice", s.id(), "end").statusCode(200);

            List<String> expected = List.of("interviewpanel.session.scheduled.v1", "interviewpanel.participant.joined.v1",
                    "interviewpanel.session.started.v1", "interviewpanel.question.asked.v1",
                    "interviewpanel.question.asked.v1", "interviewpanel.session.ended.v1");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(
                    () -> assertThat(stream.forSession(s.id()).stream().map(EventStream.Event::type)).hasSize(expected.size()));
            List<EventStream.Event> events = stream.forSession(s.id());
            assertThat(events.stream().map(EventStream.Event::type)).containsExactlyElementsOf(expected);
            assertThat(events.stream().map(EventStream.Event::partition).distinct()).hasSize(1);
            for (EventStream.Event e : events) {
                assertValid(e);
                String bytes = e.value() + e.headers();
                assertThat(bytes).doesNotContain(Sessions.CANDIDATE_NAME, "Zoltan", "Quixwell", Sessions.CANDIDATE_EMAIL,
                        "example.test");
            }
            assertThat(JSON.readTree(events.get(3).value()).get("position").asInt()).isEqualTo(1);
            assertThat(JSON.readTree(events.get(4).value()).get("position").asInt()).isEqualTo(2);
            // ce_id is the outbox row's id, in commit order: what consumers deduplicate on.
            List<String> outboxIds = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                    "select cast(id as text) from outbox_event where aggregate_id = cast(?1 as uuid) order by seq",
                    String.class).setParameter(1, s.id()).getResultList());
            assertThat(events.stream().map(EventStream.Event::id)).containsExactlyElementsOf(outboxIds);
            // ... and time-ordered (version 7): made later, it sorts later, so the indexes keyed by it grow at one end
            assertThat(outboxIds).allSatisfy(id -> assertThat(UUID.fromString(id).version()).isEqualTo(7))
                    .isSorted();
        }
    }

    @Test
    void aRefusedChangeYieldsNoEvent() throws Exception {
        try (EventStream stream = new EventStream()) {
            Sessions.Scheduled s = Sessions.schedule(2);
            act("alice", s.id(), "end").statusCode(409);
            advance("alice", s.id(), "next").statusCode(409);
            act("bob", s.id(), "start").statusCode(403);
            act("alice", s.id(), "cancel").statusCode(200);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(stream.forSession(s.id())).hasSize(2));
            assertThat(stream.forSession(s.id()).stream().map(EventStream.Event::type)).containsExactly(
                    "interviewpanel.session.scheduled.v1", "interviewpanel.session.cancelled.v1");
        }
    }

    @Test
    void theDatabaseRefusesAChangeWithoutItsEvent() {
        String id = Sessions.schedule(1).id();
        // Changing state without a new version...
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update interview_session set status = 'LIVE' where id = cast(?1 as uuid)").setParameter(1, id)
                .executeUpdate())).hasStackTraceContaining("changed without a new version");
        // ...or with a new version but no event: both roll back.
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update interview_session set status = 'LIVE', version = version + 1 where id = cast(?1 as uuid)")
                .setParameter(1, id).executeUpdate())).hasStackTraceContaining("has no event in the outbox");
        Object status = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select status from interview_session where id = cast(?1 as uuid)").setParameter(1, id).getSingleResult());
        assertThat(status).isEqualTo("SCHEDULED");
    }

    @Test
    void eventsMadeWhileTheBrokerIsDownAllArriveOnceWhenItIsBack() throws Exception {
        Sessions.Scheduled s = Sessions.schedule(2);
        act("alice", s.id(), "start").statusCode(200); // scheduled, started, asked(1): 3 events
        try (EventStream stream = new EventStream()) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(stream.forSession(s.id())).hasSize(3));
        }
        Stack.stopKafka();
        try {
            // 100 state changes: question 2, 1, 2, 1, ...
            for (int i = 0; i < 100; i++) {
                advance("alice", s.id(), i % 2 == 0 ? "2" : "1").statusCode(200);
            }
            // While they wait: a backlog in the metrics, and the events health group DOWN once the oldest is older
            // than 5 s; readiness stays UP (writes go on, the outbox holds the events).
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> org.interviewpanel.testsupport.Management.given()
                    .get("/q/health/group/events").then().statusCode(503)
                    .body("checks.find { it.name == 'Event outbox' }.status", org.hamcrest.Matchers.equalTo("DOWN")));
            org.interviewpanel.testsupport.Management.given().get("/q/health/ready").then().statusCode(200);
            String metrics = org.interviewpanel.testsupport.Management.given().get("/q/metrics").then().extract().asString();
            assertThat(metric(metrics, "panel_outbox_backlog")).isGreaterThanOrEqualTo(100);
            assertThat(metric(metrics, "panel_outbox_oldest_unsent_age_seconds")).isGreaterThan(1);
        } finally {
            Stack.startKafka();
        }
        Set<String> expectedIds = new HashSet<>(QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select cast(id as text) from outbox_event where aggregate_id = cast(?1 as uuid)", String.class)
                .setParameter(1, s.id()).getResultList()));
        assertThat(expectedIds).hasSize(103);
        try (EventStream stream = new EventStream()) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(
                    () -> assertThat(stream.forSession(s.id())).hasSizeGreaterThanOrEqualTo(103));
            List<EventStream.Event> events = stream.forSession(s.id());
            Map<String, Integer> seen = new HashMap<>();
            events.forEach(e -> seen.merge(e.id(), 1, Integer::sum));
            assertThat(seen.keySet()).isEqualTo(expectedIds);
            assertThat(seen.values()).as("each event id once").allMatch(n -> n == 1);
            // And in order: the positions alternate exactly as they were asked.
            List<Integer> positions = events.stream().skip(3).map(e -> {
                try {
                    return JSON.readTree(e.value()).get("position").asInt();
                } catch (Exception ex) {
                    throw new IllegalStateException(ex);
                }
            }).toList();
            for (int i = 0; i < 100; i++) {
                assertThat(positions.get(i)).isEqualTo(i % 2 == 0 ? 2 : 1);
            }
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            org.interviewpanel.testsupport.Management.given().get("/q/health/ready").then().statusCode(200);
            String metrics = org.interviewpanel.testsupport.Management.given().get("/q/metrics").then().extract().asString();
            assertThat(metric(metrics, "panel_outbox_backlog")).isZero();
            assertThat(metric(metrics, "panel_outbox_published_total")).isGreaterThanOrEqualTo(103);
            assertThat(metric(metrics, "panel_outbox_relay_leader")).isEqualTo(1);
            assertThat(metrics).contains("panel_outbox_publish_failures_total");
        });
    }

    @Test
    void theTopicIsCreatedWithExplicitSettings() throws Exception {
        try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of(
                org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.kafkaBootstrap()))) {
            var description = admin.describeTopics(List.of(EventStream.TOPIC)).allTopicNames().get().get(EventStream.TOPIC);
            assertThat(description.partitions()).hasSize(6);
            var resource = new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.TOPIC, EventStream.TOPIC);
            var config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertThat(config.get("retention.ms").value()).isEqualTo("-1");
            assertThat(config.get("cleanup.policy").value()).isEqualTo("delete");
        }
    }

    @Test
    void theCatalogueServesEachEventSchema() {
        for (String type : List.of("session.scheduled.v1", "session.started.v1", "participant.joined.v1",
                "question.asked.v1", "session.ended.v1", "session.cancelled.v1")) {
            io.restassured.RestAssured.given().get("/events/schemas/" + type + ".schema.json").then().statusCode(200)
                    .body("$id", org.hamcrest.Matchers.endsWith(type + ".schema.json"))
                    .body("examples.size()", org.hamcrest.Matchers.equalTo(1));
        }
        io.restassured.RestAssured.given().get("/events/schemas/nothing.v1.schema.json").then().statusCode(404);
    }
}
