package org.interviewpanel.calibration;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.interviewpanel.questionbank.Rubric;

/** What the calibration API takes and returns. Expert ratings appear only in an attempt's result. */
public final class CalibrationDtos {

    private CalibrationDtos() {
    }

    @Schema(name = "CalibrationExercises")
    public record Exercises(List<Exercise> items) {
    }

    @Schema(name = "CalibrationExercise", description = "Rate each answer blind on the question's rubric; the "
            + "experts' ratings come back with the attempt's result. attempts: how often the caller took it (only the "
            + "first attempt counts toward qualification)")
    public record Exercise(UUID id, String questionKey, String category, String questionText, Rubric rubric,
            List<Answer> answers, int attempts) {
    }

    @Schema(name = "CalibrationAnswer")
    public record Answer(UUID id, String text) {
    }

    @Schema(name = "CalibrationAttemptInput", description = "One rating (1–5, whole) for every answer of the exercise")
    public record AttemptInput(@NotNull @Size(min = 1, max = 20) List<@NotNull @Valid AnswerRating> ratings) {
    }

    @Schema(name = "CalibrationAnswerRating")
    public record AnswerRating(@NotNull UUID answerId, @NotNull BigDecimal rating) {
    }

    @Schema(name = "CalibrationAttemptResult", description = "alphaInterval: Krippendorff's interval alpha between "
            + "the caller's ratings and the experts' (null when undefined); meanAbsoluteDeviation in rating points")
    public record AttemptResult(UUID attemptId, UUID exerciseId, String questionKey, Instant attemptedAt,
            Double alphaInterval, double meanAbsoluteDeviation, boolean countsForQualification,
            List<AnswerFeedback> answers) {
    }

    @Schema(name = "CalibrationAnswerFeedback", description = "delta = rating − expert")
    public record AnswerFeedback(UUID answerId, String text, int rating, int expert, int delta, String reason) {
    }
}
