package org.interviewpanel.session;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.interviewpanel.audit.AuditView;
import org.interviewpanel.mail.MailRecord;

/** Everything the platform holds about a candidate (one session's candidate record), as one JSON document. */
@Schema(name = "CandidateExport")
public record CandidateExport(Instant exportedAt, Identity identity, Session session, List<Panelist> panel,
        List<CandidateData.RatingRecord> ratings, List<CandidateData.ScorecardRecord> scorecards, Decision decision,
        LinkHistory linkHistory, List<MailRecord> mails, List<AuditView> audit) {

    public record Identity(UUID candidateRef, String name, String email, Instant erasedAt) {
    }

    public record Session(UUID id, String position, SessionStatus status, Instant scheduledAt, Integer durationMinutes,
            String timeZone, String meetingUrl, Instant startedAt, Instant endedAt, Instant cancelledAt,
            String questionSetName, List<String> questions, Instant createdAt, String createdBy) {
    }

    public record Panelist(String username, String displayName, boolean lead) {
    }

    public record Decision(String decision, String rationale, String decidedBy, Instant decidedAt) {
    }

    public record LinkHistory(Instant issuedAt, Instant revokedAt, Instant redeemedAt, String device) {
    }
}
