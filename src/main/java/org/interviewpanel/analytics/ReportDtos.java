package org.interviewpanel.analytics;

import java.time.LocalDate;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The reports' shapes. A number that is undefined for the data (too few values) is null. withheldSessions: sessions in
 * scope left out because the reader sits on their panel and has not submitted (independent scoring).
 */
public final class ReportDtos {

    private ReportDtos() {
    }

    @Schema(name = "PipelineRow", description = "One position and week; hireRate = hires / decided; "
            + "medianHoursToDecision from session end to decision")
    public record PipelineRow(String position, LocalDate week, long scheduled, long held, long cancelled, long decided,
            long hires, long noHires, long holds, Double hireRate, Double medianHoursToDecision) {
    }

    @Schema(name = "PipelineReport")
    public record Pipeline(List<PipelineRow> rows, PipelineRow totals, int withheldSessions, boolean rebuilding) {
    }

    @Schema(name = "InterviewerRow", description = "ratings: final ratings given; leniency: mean of (own rating − mean "
            + "of the other panelists' ratings on the same item) over comparedItems; submissionRate = submitted / "
            + "seats in ended sessions; medianSubmitDelayMinutes after the session ended; fewComparisons: under 20 "
            + "compared items; driftFlagged: the drift report (last window, defaults) flags this interviewer")
    public record InterviewerRow(String interviewer, String interviewerName, long ratings, Double meanRating, Double leniency,
            long comparedItems,
            long strongNo, long no, long yes, long strongYes, long seats, long submitted, Double submissionRate,
            Double medianSubmitDelayMinutes, boolean fewComparisons, boolean driftFlagged) {
    }

    @Schema(name = "InterviewerReport")
    public record Interviewers(List<InterviewerRow> rows, int withheldSessions, boolean rebuilding) {
    }

    @Schema(name = "ReliabilityReport", description = "Krippendorff's alpha over units = (session, item), raters = "
            + "panelists, final ratings; null when undefined (no pairable values, or no variation at all); "
            + "tooFewValues: under 30 pairable values")
    public record Reliability(Double alphaOrdinal, Double alphaInterval, int units, int raters, int pairableValues,
            boolean tooFewValues, int withheldSessions, boolean rebuilding) {
    }

    @Schema(name = "QuestionRow", description = "questionText: the question's text (null for events that did not carry "
            + "it); timesAsked: sessions in which it was asked; discrimination: "
            + "point-biserial correlation of the item's mean panel rating with HIRE (1) / NO_HIRE (0) over "
            + "discriminationN decided sessions; exposure = timesAsked / sessions in scope")
    public record QuestionRow(String questionKey, String questionText, String category, long timesAsked, long ratings,
            Double meanRating,
            Double standardDeviation, Double discrimination, int discriminationN, Double medianMinutes, Double exposure,
            boolean lowDiscrimination, boolean overExposed, boolean tooFewData) {
    }

    @Schema(name = "QuestionReport")
    public record Questions(List<QuestionRow> rows, long sessionsInScope, int withheldSessions, boolean rebuilding) {
    }

    @Schema(name = "QualificationRow", description = "comparisons = exerciseComparisons (answers of first attempts, "
            + "against the experts) + shadowComparisons (shadow-seat ratings, against the panel's mean); alphaInterval: "
            + "Krippendorff's interval alpha over those pairs; qualified when comparisons ≥ minComparisons and "
            + "alphaInterval ≥ alphaThreshold")
    public record QualificationRow(String interviewer, String interviewerName, String category, int comparisons,
            int exerciseComparisons, int shadowComparisons, Double alphaInterval, Double meanAbsoluteDeviation,
            boolean qualified) {
    }

    @Schema(name = "QualificationReport")
    public record Qualification(List<QualificationRow> rows, int minComparisons, double alphaThreshold,
            int withheldSessions, boolean rebuilding) {
    }

    @Schema(name = "DriftWindow")
    public record Window(java.time.Instant from, java.time.Instant to) {

        /** An ISO 8601 interval, as the CSV shows it. */
        @Override
        public String toString() {
            return from + "/" + to;
        }
    }

    @Schema(name = "DriftRow", description = "leniency: mean per-item leniency in the window; baseline: the same "
            + "before the window (own history); shift = leniency − baseline; pool: the other interviewers' mean in "
            + "the window; p-values of the two Welch tests, raw and Holm-adjusted (null when a sample is too small); "
            + "flagged when an adjusted p-value is at most the family-wise alpha")
    public record DriftRow(String interviewer, String interviewerName, Window window, Double leniency, Double baseline,
            Double shift, Double pool, int windowCount, int baselineCount, Double pHistory, Double pPool,
            Double adjustedPHistory, Double adjustedPPool, boolean flagged, String method) {
    }

    @Schema(name = "DriftReport")
    public record Drift(List<DriftRow> rows, Window window, double familyAlpha, int minValues, int withheldSessions,
            boolean rebuilding) {
    }
}
