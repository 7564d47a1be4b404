package org.interviewpanel.scoring;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.interviewpanel.events.Seat;
import org.interviewpanel.session.SessionDtos.DecisionView;
import org.interviewpanel.session.SessionStatus;

/** The scoring API's shapes. */
public final class ScoringDtos {

    private ScoringDtos() {
    }

    @Schema(name = "RatingInput", description = "rating: a whole number 1–5 (anything else → 422); note: up to 10,000 "
            + "characters. revision (optional): the revision this client last saw, 0 for none; when it is stale the "
            + "change is refused with 409 instead of overwriting another tab's edit. Without it the last write wins "
            + "(every change is in the event trail).")
    public record RatingInput(
            @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "5", required = true) BigDecimal rating,
            String note,
            Integer revision) {
    }

    @Schema(name = "Rating")
    public record RatingView(int position, Integer rating, String note, int revision, Instant updatedAt) {
    }

    @Schema(name = "Scorecard", description = "The caller's own ratings and recommendation; never anyone else's")
    public record ScorecardView(UUID sessionId, String username, boolean submitted, Instant submittedAt,
            Recommendation recommendation, String summary, List<RatingView> ratings, int items, int rated) {
    }

    @Schema(name = "SubmitScorecard")
    public record Submit(@NotNull Recommendation recommendation, @NotBlank @Size(max = 10000) String summary) {
    }

    @Schema(name = "ScoringProgress", description = "Counts only, never values: how many panelists rated each item and "
            + "who has submitted (the panel's seats; shadowsSubmitted: the trainees who have)")
    public record Progress(int panelSize, List<ItemProgress> items, List<String> submitted,
            List<String> shadowsSubmitted) {
    }

    @Schema(name = "ItemProgress")
    public record ItemProgress(int position, int rated) {
    }

    @Schema(name = "Debrief", description = "Hiring managers and admins see every rating (drafts flagged); a panelist, "
            + "once submitted, sees the submitted scorecards")
    public record Debrief(UUID sessionId, SessionStatus status, Instant endedAt, int panelSize, int submitted,
            List<DebriefItem> items, List<DebriefScorecard> scorecards, DecisionView decision, boolean canDecide) {
    }

    @Schema(name = "DebriefItem", description = "spread = max − min; disagreement when the spread is 2 or more. "
            + "Mean, spread and disagreement are the panel's; shadowRatings (trainees) are shown apart and never count")
    public record DebriefItem(int position, String questionKey, String text, String category,
            List<DebriefRating> ratings, Double mean, Integer spread, boolean disagreement,
            List<DebriefRating> shadowRatings) {
    }

    @Schema(name = "DebriefRating")
    public record DebriefRating(String username, String displayName, int rating, String note, boolean submitted) {
    }

    @Schema(name = "DebriefScorecard", description = "pendingMinutes: for one not submitted, minutes since the end")
    public record DebriefScorecard(String username, String displayName, boolean lead, boolean submitted,
            Instant submittedAt, Recommendation recommendation, String summary, Long pendingMinutes,
            Seat seat) {
    }
}
