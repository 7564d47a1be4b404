package org.interviewpanel.session;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.interviewpanel.events.Seat;

/** The sessions' API shapes. */
public final class SessionDtos {

    private SessionDtos() {
    }

    @Schema(name = "Candidate")
    public record Candidate(@NotBlank @Size(max = 200) String name, @NotBlank @Email @Size(max = 320) String email) {
    }

    @Schema(name = "ScheduleSession", description = "panel: 1–6 interviewer usernames. The caller leads unless lead "
            + "names a panelist; a caller not listed is added to the panel as its lead. shadows: up to 3 trainee "
            + "interviewers, not on the panel, who rate and submit but never count.")
    public record Schedule(
            @NotBlank @Size(max = 200) String position,
            @NotNull @Valid Candidate candidate,
            @NotNull UUID questionSetId,
            @NotNull @Size(min = 1, max = 6) List<@NotBlank @Size(max = 100) String> panel,
            @Size(max = 100) String lead,
            @NotNull Instant scheduledAt,
            @Size(max = 2000) String meetingUrl,
            @jakarta.validation.constraints.Min(5) @jakarta.validation.constraints.Max(480) Integer durationMinutes,
            @Size(max = 64) String timeZone,
            @Size(max = 3) List<@NotBlank @Size(max = 100) String> shadows) {

        public List<String> shadowsOrNone() {
            return shadows == null ? List.of() : shadows;
        }
    }

    @Schema(name = "RescheduleSession", description = "The lead moves a scheduled session: any of the time, the "
            + "meeting link (https; an empty string removes it) and the duration. Panel and candidate get an update.")
    public record Reschedule(
            Instant scheduledAt,
            @Size(max = 2000) String meetingUrl,
            @jakarta.validation.constraints.Min(5) @jakarta.validation.constraints.Max(480) Integer durationMinutes) {
    }

    @Schema(name = "ScheduledSession")
    public record Scheduled(UUID id, SessionStatus status, String candidateLink) {
    }

    @Schema(name = "Advance", description = "to: \"next\", \"previous\", or a question position (1-based)")
    public record Advance(
            @NotBlank @Pattern(regexp = "next|previous|[1-9][0-9]{0,2}", message = "must be next, previous or a position") String to) {
    }

    @Schema(name = "CandidateLink")
    public record Link(String candidateLink) {
    }

    @Schema(name = "SessionPanelist", description = "seat: PANEL, or SHADOW for a trainee whose ratings never count")
    public record PanelistView(String username, String displayName, boolean lead, boolean submitted,
            Seat seat) {

        public boolean shadow() {
            return seat == Seat.SHADOW;
        }
    }

    @Schema(name = "SessionItem")
    public record ItemView(int position, UUID questionId, String key, int questionVersion, String text,
            String category, int minutes) {
    }

    @Schema(name = "CurrentItem")
    public record CurrentItem(int position, Instant askedAt) {
    }

    @Schema(name = "SessionCandidate", description = "Only the name and email, to panelists, hiring managers and admins")
    public record CandidateView(String name, String email) {
    }

    @Schema(name = "Session", description = "askedPositions: the questions the lead has put to the candidate so far")
    public record SessionView(UUID id, String position, SessionStatus status, Instant scheduledAt,
            Instant startedAt, Instant endedAt, Instant cancelledAt, CurrentItem currentItem, List<ItemView> items,
            List<PanelistView> panel, CandidateView candidate, UUID candidateRef, UUID questionSetId,
            String questionSetName, int totalMinutes, boolean linkActive, int version, DecisionView decision,
            List<Integer> askedPositions, String meetingUrl, int durationMinutes, String timeZone, Instant endsAt,
            int calendarSequence) {

        public boolean asked(int position) {
            return askedPositions.contains(position);
        }
    }

    @Schema(name = "SessionDecision")
    public record DecisionView(Decision decision, String rationale, String decidedBy,
            String decidedByName, Instant decidedAt) {
    }

    @Schema(name = "Decide", description = "The hiring decision, by a hiring manager or admin once the session ended")
    public record Decide(@NotNull Decision decision, @NotBlank @Size(max = 10000) String rationale) {
    }

    @Schema(name = "SessionSummary")
    public record SessionSummary(UUID id, String position, SessionStatus status, Instant scheduledAt,
            Instant startedAt, Instant endedAt, String questionSetName, String lead, List<String> panel,
            CandidateView candidate, int itemCount, String leadName) {
    }

    /** Which sessions a list shows: statuses (empty: all), only those the viewer sits on, a search, a page. */
    public record SessionQuery(java.util.Set<SessionStatus> statuses, boolean mineOnly, String q, int page,
            int size) {
    }

    @Schema(name = "CandidateSession", description = "What the candidate sees: never rubrics, ratings or notes")
    public record CandidateSession(String position, SessionStatus status, List<String> panel,
            CandidateQuestion currentQuestion, Instant scheduledAt, int durationMinutes, String timeZone,
            String meetingUrl) {
    }

    @Schema(name = "CandidateQuestion")
    public record CandidateQuestion(int position, int total, String text, List<String> parts, int minutes,
            Instant askedAt) {
    }
}
