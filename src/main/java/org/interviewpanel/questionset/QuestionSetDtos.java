package org.interviewpanel.questionset;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The question sets' API shapes. */
public final class QuestionSetDtos {

    private QuestionSetDtos() {
    }

    @Schema(name = "QuestionSetItemInput", description = "minutes defaults to the question's suggested minutes; "
            + "questionVersion defaults to the version already pinned in this set, else the current one")
    public record ItemInput(@NotNull UUID questionId, @Min(1) @Max(60) Integer minutes, @Min(1) Integer questionVersion) {
    }

    @Schema(name = "QuestionSetInput")
    public record NewSet(
            @NotBlank @Size(max = 120) String name,
            @Size(max = 2000) String description,
            @NotNull @Size(min = 1, max = 30) List<@NotNull @Valid ItemInput> items) {
    }

    @Schema(name = "QuestionSetReplace", description = "A full replacement; version is the one the edit was based on")
    public record ReplacedSet(
            @NotNull @Min(1) Integer version,
            @NotBlank @Size(max = 120) String name,
            @Size(max = 2000) String description,
            @NotNull @Size(min = 1, max = 30) List<@NotNull @Valid ItemInput> items) {
    }

    @Schema(name = "QuestionSetSummary")
    public record SetSummary(UUID id, String name, String description, String owner, int itemCount, int totalMinutes,
            Instant updatedAt, int version) {
    }

    @Schema(name = "QuestionSetItem")
    public record Item(int position, UUID questionId, String key, String text, String category, int minutes,
            int questionVersion, int latestVersion, boolean updateAvailable, boolean retired) {
    }

    @Schema(name = "Coverage")
    public record Coverage(String category, String title, int count, int minutes) {
    }

    @Schema(name = "QuestionSet")
    public record SetDetail(UUID id, String name, String description, String owner, SetStatus status,
            int version, int itemCount, int totalMinutes, List<Item> items, List<Coverage> coverage, Instant createdAt,
            Instant updatedAt) {
    }

    /** What a session copies from a set: the items with their pinned versions, in order. */
    public record Snapshot(UUID setId, String name, List<Item> items) {
    }
}
