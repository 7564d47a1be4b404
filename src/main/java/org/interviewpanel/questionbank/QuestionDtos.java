package org.interviewpanel.questionbank;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The question bank's API shapes. */
public final class QuestionDtos {

    static final String TAG = "^[a-z0-9]+(-[a-z0-9]+)*$";
    /** bank/category/slug; a question written in the console has author.slug as its last part (see QuestionService). */
    static final String KEY = "^[a-z0-9]+(-[a-z0-9]+)*/[a-z0-9]+(-[a-z0-9]+)*/([a-z0-9]+(-[a-z0-9]+)*\\.)?[a-z0-9]+(-[a-z0-9]+)*$";

    private QuestionDtos() {
    }

    @Schema(name = "QuestionSummary")
    public record QuestionSummary(UUID id, String key, String category, String text, int difficulty, List<String> tags,
            int minutes, int version, QuestionStatus status) {
    }

    @Schema(name = "QuestionPage")
    public record QuestionPage(List<QuestionSummary> items, long total, int page, int size) {
    }

    @Schema(name = "QuestionVersionRef")
    public record VersionRef(int version, Instant createdAt, String createdBy) {
    }

    @Schema(name = "QuestionDetail")
    public record QuestionDetail(UUID id, String key, String category, String categoryTitle, String text,
            List<String> parts, int difficulty, List<String> tags, int minutes, int version, QuestionStatus status,
            QuestionSource source, String author, Rubric rubric, List<String> followUps, List<VersionRef> versions,
            Instant createdAt, Instant updatedAt) {
    }

    @Schema(name = "QuestionVersion", description = "One version of a question, as it was")
    public record VersionDetail(UUID questionId, String key, int version, String text, List<String> parts,
            int difficulty, List<String> tags, int minutes, Rubric rubric, List<String> followUps, Instant createdAt,
            String createdBy) {
    }

    @Schema(name = "Category")
    public record CategoryCount(String key, String title, long count) {
    }

    @Schema(name = "QuestionInput", description = "A new question; the key is generated from category and text when absent")
    public record NewQuestion(
            @Pattern(regexp = KEY, message = "must look like bank/category/you.slug") @Size(max = 200) String key,
            @NotBlank String category,
            @NotBlank @Size(max = 2000) String text,
            @Size(max = 10) List<@NotBlank @Size(max = 200) String> parts,
            @NotNull @Min(1) @Max(3) Integer difficulty,
            @NotNull @Size(max = 10) List<@NotNull @Pattern(regexp = TAG, message = "lowercase words joined by hyphens") @Size(max = 40) String> tags,
            @NotNull @Min(1) @Max(60) Integer minutes,
            @NotNull @Valid Rubric rubric,
            @Size(max = 3) List<@NotBlank @Size(max = 2000) String> followUps) {

        QuestionContent content() {
            return new QuestionContent(text.strip(), parts, difficulty, minutes, tags, rubric, followUps);
        }
    }

    @Schema(name = "QuestionEdit", description = "A full replacement; version is the one the edit was based on")
    public record EditedQuestion(
            @NotNull @Min(1) Integer version,
            @NotBlank @Size(max = 2000) String text,
            @Size(max = 10) List<@NotBlank @Size(max = 200) String> parts,
            @NotNull @Min(1) @Max(3) Integer difficulty,
            @NotNull @Size(max = 10) List<@NotNull @Pattern(regexp = TAG, message = "lowercase words joined by hyphens") @Size(max = 40) String> tags,
            @NotNull @Min(1) @Max(60) Integer minutes,
            @NotNull @Valid Rubric rubric,
            @Size(max = 3) List<@NotBlank @Size(max = 2000) String> followUps) {

        QuestionContent content() {
            return new QuestionContent(text.strip(), parts, difficulty, minutes, tags, rubric, followUps);
        }
    }

    @Schema(name = "ImportReport")
    public record ImportReport(int imported, int updated, int retired, List<ImportError> errors) {
    }

    @Schema(name = "ImportError")
    public record ImportError(String file, int line, String message) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + message;
        }
    }

    @Schema(name = "QuestionBank")
    public record BankView(String key, String title, String description, List<QuestionBank.Guidance> guidance) {
    }
}
