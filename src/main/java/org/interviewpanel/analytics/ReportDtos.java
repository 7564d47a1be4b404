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
            + "compared items")
    public record InterviewerRow(String interviewer, String interviewerName, long ratings, Double meanRating, Double leniency,
            long comparedItems,
            long strongNo, long no, long yes, long strongYes, long seats, long submitted, Double submissionRate,
            Double medianSubmitDelayMinutes, boolean fewComparisons) {
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
}
