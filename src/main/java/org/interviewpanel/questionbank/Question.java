package org.interviewpanel.questionbank;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A question in the bank. Its content lives in immutable {@link QuestionVersion}s; this row holds the identity, the
 * status and a copy of the current version's searchable fields.
 */
@Entity
@Table(name = "question")
public class Question extends PanacheEntityBase {

    @Id
    public UUID id;
    public String key;
    public String categoryKey;
    @Enumerated(EnumType.STRING)
    public QuestionStatus status;
    @Enumerated(EnumType.STRING)
    public QuestionSource source;
    public String author;
    public int currentVersion;
    public int position;
    public String text;
    public int difficulty;
    public int minutes;
    /** A text[] column; an array maps to it without type guessing. */
    public String[] tags;
    public String tagsText;
    public String rubricText;
    public Instant createdAt;
    public Instant updatedAt;
    public Instant retiredAt;

    /** Makes {@code content} the current version's copy on this row. */
    void show(QuestionContent content, int version, Instant at) {
        currentVersion = version;
        text = content.text();
        difficulty = content.difficulty();
        minutes = content.minutes();
        tags = content.tags().toArray(String[]::new);
        tagsText = String.join(" ", content.tags()).replace('-', ' ') + " " + String.join(" ", content.tags());
        rubricText = content.rubric().searchText() + " " + String.join(" ", content.followUps());
        updatedAt = at;
    }

    void retire(Instant at) {
        status = QuestionStatus.RETIRED;
        retiredAt = at;
        updatedAt = at;
    }

    void reactivate(Instant at) {
        status = QuestionStatus.ACTIVE;
        retiredAt = null;
        updatedAt = at;
    }

    boolean isRetired() {
        return status == QuestionStatus.RETIRED;
    }
}
