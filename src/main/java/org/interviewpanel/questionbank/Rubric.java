package org.interviewpanel.questionbank;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a strong answer covers, and what a 1, a 3 and a 5 answer look like.
 *
 * @param keyPoints the points a strong answer covers
 * @param levels what an answer scored 1, 3 and 5 looks like
 */
public record Rubric(
        @NotNull @Size(min = 1, max = 8) List<@NotBlank @Size(max = 2000) String> keyPoints,
        @NotNull @Valid Levels levels) {

    public record Levels(
            @JsonProperty("1") @NotBlank @Size(max = 2000) String one,
            @JsonProperty("3") @NotBlank @Size(max = 2000) String three,
            @JsonProperty("5") @NotBlank @Size(max = 2000) String five) {
    }

    /** The rubric as one block of text for the full-text index. */
    String searchText() {
        return String.join(" ", keyPoints) + " " + levels.one() + " " + levels.three() + " " + levels.five();
    }
}
