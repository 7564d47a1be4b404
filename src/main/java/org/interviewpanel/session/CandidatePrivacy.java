package org.interviewpanel.session;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.interviewpanel.audit.AuditAction;
import org.interviewpanel.audit.AuditQueries;
import org.interviewpanel.audit.AuditTrail;
import org.interviewpanel.events.Outbox;
import org.interviewpanel.events.SessionEvent;
import org.interviewpanel.kernel.ProblemException;
import org.interviewpanel.mail.MailOutbox;

/**
 * A candidate's data on request: find by email, export everything, erase identity and free text. A candidate record is
 * one session's candidate, named by its pseudonymous {@code candidateRef}; a person interviewed twice has two, and the
 * search by email lists both. Erasure is one transaction with its {@code candidate.erased} event (outbox) and its audit
 * entry; a repeat finds nothing left to erase and changes nothing.
 */
@ApplicationScoped
public class CandidatePrivacy {

    @Schema(name = "CandidateRecord", description = "sessions: the session of this candidate record")
    public record Found(UUID candidateRef, String name, String email, List<UUID> sessions) {
    }

    @Inject
    EntityManager em;

    @Inject
    CandidateData scoring;

    @Inject
    MailOutbox mail;

    @Inject
    Outbox outbox;

    @Inject
    AuditTrail audit;

    @Inject
    AuditQueries auditQueries;

    @Inject
    CandidateLinks links;

    @Inject
    Clock clock;

    /** Candidate records by exact email (case does not matter); erased records no longer match. */
    public List<Found> find(String email) {
        return em.createQuery("select s from InterviewSession s where lower(s.candidateEmail) = :email "
                + "order by s.scheduledAt", InterviewSession.class)
                .setParameter("email", email.strip().toLowerCase(Locale.ROOT)).setMaxResults(500).getResultList()
                .stream().map(s -> new Found(s.candidateRef, s.candidateName, s.candidateEmail, List.of(s.id)))
                .toList();
    }

    @Transactional
    public CandidateExport export(UUID candidateRef, String actor) {
        InterviewSession s = byRef(candidateRef, false);
        // The export holds every panelist's ratings and notes: an admin seated on the panel scores independently as
        // the debrief has it, so not before their own scorecard is in (another admin can export meanwhile).
        if (Panelist.findById(Panelist.key(s.id, actor)) != null && scoring.scorecards(s.id).stream()
                .noneMatch(card -> card.panelist().equals(actor) && card.submittedAt() != null)) {
            throw ProblemException.forbidden("You sit on this candidate's panel: the export, which holds the other "
                    + "panelists' ratings, opens to you once you have submitted your scorecard");
        }
        Instant now = clock.instant();
        audit.record(actor, AuditAction.CANDIDATE_EXPORTED, subject(s), s.candidateRef, null);
        List<String> questions = SessionItem.<SessionItem> list("sessionId = ?1 order by position", s.id).stream()
                .map(i -> i.position + ". " + i.text).toList();
        List<CandidateExport.Panelist> panel = Panelist.<Panelist> list("sessionId = ?1 order by lead desc, displayName",
                s.id).stream().map(p -> new CandidateExport.Panelist(p.username, p.displayName, p.lead)).toList();
        CandidateLink link = CandidateLink.findById(s.id);
        CandidateDevice device = CandidateDevice.findById(s.id);
        return new CandidateExport(now,
                new CandidateExport.Identity(s.candidateRef, s.candidateName, s.candidateEmail, s.erasedAt),
                new CandidateExport.Session(s.id, s.position, s.status, s.scheduledAt, s.durationMinutes, s.timeZone,
                        s.meetingUrl, s.startedAt, s.endedAt, s.cancelledAt, s.questionSetName, questions, s.createdAt,
                        s.createdBy),
                panel, scoring.ratings(s.id), scoring.scorecards(s.id),
                s.decision == null ? null
                        : new CandidateExport.Decision(s.decision.name(), s.decisionRationale, s.decidedBy, s.decidedAt),
                new CandidateExport.LinkHistory(link == null ? null : link.createdAt,
                        link == null ? null : link.revokedAt, device == null ? null : device.redeemedAt,
                        device == null ? null : device.client),
                s.candidateEmail.isEmpty() ? List.of() : mail.to(s.id, s.candidateEmail),
                auditQueries.about(s.candidateRef, s.id));
    }

    /**
     * Erases the candidate's name, email and every free text about them; true when something was erased, false for a
     * record erased before (a harmless repeat).
     */
    @Transactional
    public boolean erase(UUID candidateRef, String reason, String actor) {
        InterviewSession s = byRef(candidateRef, true);
        if (s.erasedAt != null) {
            return false;
        }
        Instant now = clock.instant();
        String email = s.candidateEmail;
        s.eraseCandidate(now);
        scoring.eraseFreeText(s.id);
        if (!email.isEmpty()) {
            mail.eraseRecipient(s.id, email);
        }
        links.revoke(s.id, now);
        links.forgetDevice(s.id);
        outbox.record(new SessionEvent.CandidateErased(s.id, s.candidateRef, actor, now), s.version);
        audit.record(actor, AuditAction.CANDIDATE_ERASED, subject(s), s.candidateRef, reason);
        return true;
    }

    private InterviewSession byRef(UUID candidateRef, boolean lock) {
        var query = em.createQuery("select s from InterviewSession s where s.candidateRef = :ref",
                InterviewSession.class).setParameter("ref", candidateRef);
        if (lock) {
            query.setLockMode(LockModeType.PESSIMISTIC_WRITE);
        }
        return query.getResultStream().findFirst()
                .orElseThrow(() -> ProblemException.notFound("Candidate " + candidateRef));
    }

    static String subject(InterviewSession s) {
        return "sessions/" + s.id;
    }
}
