package org.interviewpanel.session;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.interviewpanel.testsupport.Sessions.act;
import static org.interviewpanel.testsupport.Tokens.token;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.interviewpanel.testsupport.Mailbox;
import org.interviewpanel.testsupport.Scoring;
import org.interviewpanel.testsupport.Sessions;
import org.interviewpanel.testsupport.Stack;
import org.interviewpanel.testsupport.TestClock;
import org.junit.jupiter.api.Test;

import biweekly.Biweekly;
import biweekly.ICalendar;
import biweekly.component.VEvent;
import biweekly.property.Attendee;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Invitations and reminders against the real stack: mails are read back from a real SMTP server (GreenMail) over
 * IMAP, and their calendar entries are parsed by biweekly. Time moves through the test clock, never by waiting.
 */
@QuarkusTest
class InvitationsTest {

    static final String ALICE = "alice@demo.interview-panel.org";
    static final String BOB = "bob@demo.interview-panel.org";
    static final String HANA = "hana@demo.interview-panel.org";
    static final Duration MAIL_WAIT = Duration.ofSeconds(60);

    @Inject
    EntityManager em;

    record Booked(String id, String position, String candidateEmail, String link) {
    }

    static Booked book(Instant when, Map<String, Object> extra) {
        String position = "Invitation check " + UUID.randomUUID().toString().substring(0, 8);
        String email = "candidate-" + UUID.randomUUID() + "@example.test";
        Map<String, Object> body = new HashMap<>(Map.of("position", position, "candidate",
                Map.of("name", "Ines Invitee", "email", email), "questionSetId", Sessions.questionSet("alice", 1),
                "panel", List.of("alice", "bob"), "lead", "alice", "scheduledAt", when.toString()));
        body.putAll(extra);
        var created = given().auth().oauth2(token("alice")).contentType("application/json").body(body)
                .post("/api/sessions").then().statusCode(201).extract().jsonPath();
        return new Booked(created.getString("id"), position, email, created.getString("candidateLink"));
    }

    /** A test's mails: its session's position is in every subject (the IMAP server searches for it). */
    record Which(String subject, Predicate<Mailbox.Mail> test) {
    }

    static List<Mailbox.Mail> mails(String address, Which which) {
        return Mailbox.of(address, which.subject()).stream().filter(which.test()).toList();
    }

    static List<Mailbox.Mail> awaitMails(String address, Which which, int count) {
        await().atMost(MAIL_WAIT).pollInterval(Duration.ofMillis(250))
                .until(() -> mails(address, which).size() >= count);
        return mails(address, which);
    }

    static Which about(Booked b) {
        return new Which(b.position(), m -> m.subject() != null && m.subject().contains(b.position()));
    }

    static Which all() {
        return new Which(null, m -> true);
    }

    static VEvent event(ICalendar calendar) {
        assertThat(calendar.getEvents()).hasSize(1);
        return calendar.getEvents().get(0);
    }

    static ICalendar parse(String ics) {
        assertThat(ics).as("an iCalendar part").isNotNull();
        ICalendar calendar = Biweekly.parse(ics).first();
        assertThat(calendar).as("parsable by biweekly: " + ics).isNotNull();
        return calendar;
    }

    @Test
    void schedulingReschedulingAndCancellingMailOneCalendarEntryThatMoves() {
        Instant first = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MINUTES);
        Booked b = book(first, Map.of("meetingUrl", "https://meet.example.com/panel-room-7", "durationMinutes", 45,
                "timeZone", "Europe/Berlin"));

        // The candidate's invitation: the join link, and a calendar entry without the panel's addresses.
        Mailbox.Mail invitation = awaitMails(b.candidateEmail(), all(), 1).get(0);
        assertThat(invitation.text()).contains(b.link()).contains("https://meet.example.com/panel-room-7")
                .contains("Europe/Berlin");
        assertThat(invitation.calendar()).doesNotContain(ALICE).doesNotContain(BOB);
        assertThat(invitation.calendarContentType()).containsIgnoringCase("text/calendar")
                .containsIgnoringCase("method=REQUEST");
        ICalendar candidateCalendar = parse(invitation.calendar());
        assertThat(candidateCalendar.getMethod().getValue()).isEqualTo("REQUEST");
        VEvent candidateEvent = event(candidateCalendar);
        String uid = candidateEvent.getUid().getValue();
        assertThat(uid).isEqualTo(b.id() + "@interview-panel");
        assertThat(candidateEvent.getSequence().getValue()).isZero();
        assertThat(candidateEvent.getDateStart().getValue().toInstant()).isEqualTo(first);
        assertThat(candidateEvent.getDateEnd().getValue().toInstant()).isEqualTo(first.plus(45, ChronoUnit.MINUTES));
        assertThat(candidateEvent.getUrl().getValue()).isEqualTo("https://meet.example.com/panel-room-7");
        assertThat(candidateEvent.getAttendees()).extracting(Attendee::getEmail).containsExactly(b.candidateEmail());
        assertThat(invitation.calendar()).contains("DTSTART:" + first.toString().replace("-", "").replace(":", ""));

        // Each panelist's: organizer = the lead, one attendee per panelist, and no join link.
        for (String panelist : List.of(ALICE, BOB)) {
            Mailbox.Mail mail = awaitMails(panelist, about(b), 1).get(0);
            assertThat(mail.text()).doesNotContain(b.link()).contains("/sessions/" + b.id());
            VEvent panelEvent = event(parse(mail.calendar()));
            assertThat(panelEvent.getUid().getValue()).isEqualTo(uid);
            assertThat(panelEvent.getOrganizer().getEmail()).isEqualTo(ALICE);
            assertThat(panelEvent.getAttendees()).extracting(Attendee::getEmail).containsExactlyInAnyOrder(ALICE, BOB);
        }
        VEvent downloaded = event(parse(given().auth().oauth2(token("bob")).get("/api/sessions/" + b.id() + "/calendar.ics")
                .then().statusCode(200).contentType("text/calendar").extract().asString()));
        assertThat(downloaded.getUid().getValue()).isEqualTo(uid);

        // Refused changes write nothing and mail nothing.
        Instant later = first.plus(1, ChronoUnit.DAYS);
        patch("bob", b.id(), Map.of("scheduledAt", later.toString())).statusCode(403);
        patch("alice", b.id(), Map.of("meetingUrl", "http://meet.example.com/x")).statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("meetingUrl"));
        patch("alice", b.id(), Map.of("meetingUrl", "javascript:alert(1)")).statusCode(400);
        patch("alice", b.id(), Map.of("scheduledAt", Instant.now().minus(2, ChronoUnit.HOURS).toString()))
                .statusCode(400).body("errors[0].field", equalTo("scheduledAt"));
        patch("alice", b.id(), Map.of("scheduledAt", "+300000-01-01T00:00:00Z")).statusCode(400)
                .body("errors[0].field", equalTo("scheduledAt"));
        patch("alice", b.id(), Map.of("durationMinutes", 1000)).statusCode(400);
        patch("alice", b.id(), Map.of()).statusCode(400);
        Sessions.get("alice", b.id()).body("calendarSequence", equalTo(0)).body("version", equalTo(1));
        assertThat(queuedFor(b.id())).isEqualTo(3);

        // The lead moves it: SEQUENCE 1, same UID, the new time, for everyone.
        Sessions.get("alice", b.id());
        patch("alice", b.id(), Map.of("scheduledAt", later.toString(), "durationMinutes", 60)).statusCode(200)
                .body("calendarSequence", equalTo(1)).body("durationMinutes", equalTo(60));
        List<Mailbox.Mail> candidateMails = awaitMails(b.candidateEmail(), all(), 2);
        VEvent moved = event(parse(candidateMails.get(1).calendar()));
        assertThat(moved.getUid().getValue()).isEqualTo(uid);
        assertThat(moved.getSequence().getValue()).isEqualTo(1);
        assertThat(moved.getDateStart().getValue().toInstant()).isEqualTo(later);
        assertThat(moved.getDateEnd().getValue().toInstant()).isEqualTo(later.plus(60, ChronoUnit.MINUTES));
        assertThat(event(parse(awaitMails(BOB, about(b), 2).get(1).calendar())).getSequence().getValue()).isEqualTo(1);

        // Analytics counts the session at its new time.
        await().atMost(MAIL_WAIT).until(() -> later.equals(analyticsScheduledAt(b.id())));

        // Cancelled: METHOD:CANCEL, SEQUENCE 2, the same UID, last.
        act("alice", b.id(), "cancel").statusCode(200);
        List<Mailbox.Mail> all = awaitMails(b.candidateEmail(), all(), 3);
        assertThat(all).hasSize(3);
        Mailbox.Mail cancellation = all.get(2);
        assertThat(cancellation.calendarContentType()).containsIgnoringCase("method=CANCEL");
        ICalendar cancelled = parse(cancellation.calendar());
        assertThat(cancelled.getMethod().getValue()).isEqualTo("CANCEL");
        assertThat(event(cancelled).getUid().getValue()).isEqualTo(uid);
        assertThat(event(cancelled).getSequence().getValue()).isEqualTo(2);
        assertThat(event(cancelled).getStatus().getValue()).isEqualTo("CANCELLED");
        assertThat(parse(given().auth().oauth2(token("alice")).get("/api/sessions/" + b.id() + "/calendar.ics").then()
                .statusCode(200).extract().asString()).getMethod().getValue()).isEqualTo("CANCEL");
        assertThat(awaitMails(ALICE, about(b), 3)).hasSize(3);
        patch("alice", b.id(), Map.of("durationMinutes", 30)).statusCode(409);

        // Every mail went once: distinct mail ids, and the outbox rows are all sent and emptied of their text.
        assertThat(all.stream().map(Mailbox.Mail::mailId).distinct()).hasSize(3);
        assertThat(unsentOrWithBody(b.id())).isZero();
    }

    @Test
    void schedulingRefusesALinkThatIsNotHttpsAnUnknownZoneAndAPastTimeWritingNothing() {
        long before = sessionCount();
        given().auth().oauth2(token("alice")).contentType("application/json")
                .body(Map.of("position", "Refused", "candidate", Map.of("name", "N", "email", "n@example.test"),
                        "questionSetId", Sessions.questionSet("alice", 1), "panel", List.of("alice"),
                        "scheduledAt", Instant.now().plus(1, ChronoUnit.DAYS).toString(),
                        "meetingUrl", "ftp://files.example.com/x", "timeZone", "Mars/Olympus_Mons"))
                .post("/api/sessions").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.hasItems("meetingUrl", "timeZone"));
        given().auth().oauth2(token("alice")).contentType("application/json")
                .body(Map.of("position", "Refused", "candidate", Map.of("name", "N", "email", "n@example.test"),
                        "questionSetId", Sessions.questionSet("alice", 1), "panel", List.of("alice"),
                        "scheduledAt", Instant.now().minus(3, ChronoUnit.HOURS).toString()))
                .post("/api/sessions").then().statusCode(400).body("errors[0].field", equalTo("scheduledAt"));
        // a year PostgreSQL cannot store is the client's mistake too, not a failed write (it was a 500)
        given().auth().oauth2(token("alice")).contentType("application/json")
                .body(Map.of("position", "Refused", "candidate", Map.of("name", "N", "email", "n@example.test"),
                        "questionSetId", Sessions.questionSet("alice", 1), "panel", List.of("alice"),
                        "scheduledAt", "+300000-01-01T00:00:00Z"))
                .post("/api/sessions").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("scheduledAt"));
        given().auth().oauth2(token("alice")).contentType("application/json")
                .body(Map.of("position", "Refused", "candidate", Map.of("name", "N", "email", "n@example.test"),
                        "questionSetId", Sessions.questionSet("alice", 1), "panel", List.of("alice"),
                        "scheduledAt", Instant.now().plus(1, ChronoUnit.DAYS).toString(), "durationMinutes", 2))
                .post("/api/sessions").then().statusCode(400);
        assertThat(sessionCount()).isEqualTo(before);
    }

    @Test
    void missingScorecardsAreRemindedThenEscalatedOncePerStepAsTheClockMoves() {
        Booked b = book(Instant.now().plus(1, ChronoUnit.HOURS), Map.of());
        act("alice", b.id(), "start").statusCode(200);
        Scoring.rate("alice", b.id(), 1, Map.of("rating", 4, "note", "clear")).statusCode(200);
        act("alice", b.id(), "end").statusCode(200);
        Scoring.submit("alice", b.id(), "YES").statusCode(200);
        Which reminder = new Which(b.position(), m -> m.subject().startsWith("Reminder:"));
        Which escalation = new Which(b.position(), m -> m.subject().startsWith("Scorecards overdue:"));
        try {
            TestClock.advance(Duration.ofHours(4).plusMinutes(1));
            assertThat(awaitMails(BOB, reminder, 1).get(0).text()).contains("/sessions/" + b.id());
            var todo = given().auth().oauth2(token("bob")).get("/api/me/todo").then().statusCode(200).extract()
                    .jsonPath();
            assertThat(todo.getList("scorecardsDue.findAll { it.sessionId == '" + b.id() + "' }.overdueHours",
                    Integer.class)).containsExactly(4);

            TestClock.advance(Duration.ofHours(20));
            assertThat(awaitMails(BOB, reminder, 2)).hasSize(2);
            assertThat(mails(HANA, escalation)).isEmpty();

            TestClock.advance(Duration.ofHours(24));
            Mailbox.Mail told = awaitMails(HANA, escalation, 1).get(0);
            assertThat(told.text()).contains("Bob Brennan").doesNotContain("Alice Archer");

            // Further passes of the job send nothing more; alice submitted and was never chased.
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(8))
                    .until(() -> mails(BOB, reminder).size() == 2 && mails(HANA, escalation).size() == 1);
            assertThat(mails(ALICE, reminder)).isEmpty();
            assertThat(reminderSteps(b.id())).containsExactlyInAnyOrder("bob:FIRST", "bob:SECOND", "bob:ESCALATION");
        } finally {
            TestClock.reset();
        }
    }

    @Test
    void mailQueuedWhileTheSmtpServerIsDownIsSentOnceWhenItIsBack() {
        Stack.stopSmtp();
        Booked b;
        try {
            b = book(Instant.now().plus(3, ChronoUnit.DAYS), Map.of("meetingUrl", "https://meet.example.com/outage"));
            String id = b.id();
            await().atMost(MAIL_WAIT).until(() -> failedAttempts(id) >= 3);
            assertThat(unsentOrWithBody(id)).isEqualTo(3);
        } finally {
            Stack.startSmtp();
        }
        assertThat(awaitMails(b.candidateEmail(), all(), 1)).hasSize(1);
        awaitMails(BOB, about(b), 1);
        String id = b.id();
        await().atMost(MAIL_WAIT).until(() -> unsentOrWithBody(id) == 0);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6))
                .until(() -> mails(b.candidateEmail(), all()).size() == 1 && mails(BOB, about(b)).size() == 1);
    }

    static io.restassured.response.ValidatableResponse patch(String user, String id, Map<String, Object> body) {
        return given().auth().oauth2(token(user)).contentType("application/json").body(body)
                .patch("/api/sessions/" + id).then();
    }

    long queuedFor(String sessionId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from mail_outbox where session_id = ?1").setParameter(1, UUID.fromString(sessionId))
                .getSingleResult()).longValue());
    }

    long unsentOrWithBody(String sessionId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from mail_outbox where session_id = ?1 and (sent_at is null or body is not null)")
                .setParameter(1, UUID.fromString(sessionId)).getSingleResult()).longValue());
    }

    long failedAttempts(String sessionId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from mail_outbox where session_id = ?1 and sent_at is null and attempts >= 1 "
                        + "and last_error is not null")
                .setParameter(1, UUID.fromString(sessionId)).getSingleResult()).longValue());
    }

    long sessionCount() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from interview_session").getSingleResult()).longValue());
    }

    @SuppressWarnings("unchecked")
    List<String> reminderSteps(String sessionId) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select username || ':' || step from scorecard_reminder where session_id = ?1")
                .setParameter(1, UUID.fromString(sessionId)).getResultList());
    }

    Instant analyticsScheduledAt(String sessionId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<?> rows = em.createNativeQuery("select scheduled_at from analytics.session_fact where session_id = ?1")
                    .setParameter(1, UUID.fromString(sessionId)).getResultList();
            if (rows.isEmpty() || rows.get(0) == null) {
                return null;
            }
            Object value = rows.get(0);
            return value instanceof Instant i ? i
                    : value instanceof java.sql.Timestamp t ? t.toInstant()
                            : value instanceof java.time.OffsetDateTime o ? o.toInstant() : null;
        });
    }
}
