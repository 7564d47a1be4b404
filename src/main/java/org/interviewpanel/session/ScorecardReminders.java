package org.interviewpanel.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.interviewpanel.mail.MailKind;
import org.interviewpanel.mail.MailOutbox;
import org.interviewpanel.mail.OutgoingMail;
import org.interviewpanel.security.PeopleDirectory;
import org.interviewpanel.security.Roles;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Chases missing scorecards: a panelist whose scorecard is missing {@code first} after the session ended gets a
 * reminder, another at {@code second}; at {@code escalation} the hiring managers are told who has not submitted. Each
 * step once per panelist and session: a row in {@code scorecard_reminder} is inserted in the transaction that queues
 * the mail, and the job runs on one instance at a time (a transaction-scoped advisory lock), like the relay. When the
 * job was off for a while, only the latest due step is mailed (the earlier ones are marked as covered). Reminders stop
 * once the scorecard is in, and once the session is decided.
 */
@ApplicationScoped
public class ScorecardReminders {

    private static final Logger LOG = Logger.getLogger(ScorecardReminders.class);

    enum Step {
        FIRST,
        SECOND,
        ESCALATION
    }

    @Inject
    ReminderConfig config;

    @Inject
    EntityManager em;

    @Inject
    Submissions submissions;

    @Inject
    Invitations invitations;

    @Inject
    PeopleDirectory people;

    @Inject
    MailOutbox mail;

    @Inject
    Clock clock;

    @Scheduled(every = "${panel.reminders.interval:1m}", delayed = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        if (!config.enabled()) {
            return;
        }
        try {
            QuarkusTransaction.requiringNew().run(this::pass);
        } catch (RuntimeException e) {
            LOG.warnf("Scorecard reminders: pass failed (%s); the next one tries again", e.toString());
        }
    }

    void pass() {
        Boolean mine = (Boolean) em.createNativeQuery("select pg_try_advisory_xact_lock(?1)")
                .setParameter(1, config.lockKey()).getSingleResult();
        if (!Boolean.TRUE.equals(mine)) {
            return; // another instance runs it now
        }
        Instant now = clock.instant();
        List<InterviewSession> overdue = em.createQuery("select s from InterviewSession s where s.status = 'ENDED' "
                + "and s.endedAt <= :due and s.endedAt > :horizon order by s.endedAt", InterviewSession.class)
                .setParameter("due", now.minus(config.first())).setParameter("horizon", now.minus(config.horizon()))
                .getResultList();
        for (InterviewSession s : overdue) {
            chase(s, now);
        }
    }

    private void chase(InterviewSession s, Instant now) {
        Set<String> submitted = submissions.submitted(s.id);
        List<Panelist> missing = Panelist.<Panelist> list("sessionId = ?1 order by displayName", s.id).stream()
                .filter(p -> !submitted.contains(p.username)).toList();
        if (missing.isEmpty()) {
            return;
        }
        Duration since = Duration.between(s.endedAt, now);
        Step reminder = since.compareTo(config.second()) >= 0 ? Step.SECOND : Step.FIRST;
        for (Panelist p : missing) {
            boolean fresh = record(s, p.username, reminder, now);
            if (reminder == Step.SECOND) {
                record(s, p.username, Step.FIRST, now); // covered by the second when both are due at once
            }
            if (fresh) {
                String email = invitations.emailOf(p.username);
                if (email != null) {
                    mail.queue(new OutgoingMail(s.id, MailKind.REMINDER, email,
                            "Reminder: your scorecard for " + s.position + " is missing",
                            "The interview for " + s.position + " ended " + since.toHours() + " hours ago and your "
                                    + "scorecard is not in yet. The panel's debrief and the hiring decision wait "
                                    + "for it.\n\nScore it here: " + invitations.sessionPage(s) + "\n",
                            null, null));
                }
            }
        }
        // A trainee's late scorecard is theirs to finish; hiring managers hear only about the panel's.
        List<Panelist> missingOnPanel = missing.stream().filter(p -> !p.shadow).toList();
        if (since.compareTo(config.escalation()) >= 0 && !missingOnPanel.isEmpty()) {
            escalate(s, missingOnPanel, since, now);
        }
    }

    private void escalate(InterviewSession s, List<Panelist> missing, Duration since, Instant now) {
        List<String> late = new ArrayList<>();
        for (Panelist p : missing) {
            if (record(s, p.username, Step.ESCALATION, now)) {
                late.add(p.displayName);
            }
        }
        if (late.isEmpty()) {
            return;
        }
        for (PeopleDirectory.Person manager : people.withRole(Roles.HIRING_MANAGER)) {
            if (manager.email() != null) {
                mail.queue(new OutgoingMail(s.id, MailKind.ESCALATION, manager.email(),
                        "Scorecards overdue: " + s.position,
                        "The interview for " + s.position + " ended " + since.toHours() + " hours ago. Still "
                                + "missing: " + String.join(", ", late) + ".\nThey have been reminded twice.\n\n"
                                + "Session: " + invitations.sessionPage(s) + "\n",
                        null, null));
            }
        }
    }

    /** Marks a step as done for a panelist; false when it was done before (by this or another instance). */
    private boolean record(InterviewSession s, String username, Step step, Instant now) {
        Duration after = switch (step) {
            case FIRST -> config.first();
            case SECOND -> config.second();
            case ESCALATION -> config.escalation();
        };
        return em.createNativeQuery("insert into scorecard_reminder (session_id, username, step, due_at, sent_at) "
                + "values (?1, ?2, ?3, ?4, ?5) on conflict do nothing")
                .setParameter(1, s.id).setParameter(2, username).setParameter(3, step.name())
                .setParameter(4, s.endedAt.plus(after)).setParameter(5, now).executeUpdate() == 1;
    }
}
