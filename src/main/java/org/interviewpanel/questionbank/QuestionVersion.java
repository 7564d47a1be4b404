package org.interviewpanel.questionbank;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One immutable version of a question's content; sessions pin these, so history never changes under them. */
@Entity
@Table(name = "question_version")
@IdClass(QuestionVersion.Key.class)
public class QuestionVersion extends PanacheEntityBase {

    @Id
    public UUID questionId;
    @Id
    public int version;
    public String text;
    @JdbcTypeCode(SqlTypes.JSON)
    public List<String> parts;
    public int difficulty;
    public int minutes;
    /** A text[] column; an array maps to it without type guessing. */
    public String[] tags;
    @JdbcTypeCode(SqlTypes.JSON)
    public Rubric rubric;
    @JdbcTypeCode(SqlTypes.JSON)
    public List<String> followUps;
    public String contentHash;
    public Instant createdAt;
    public String createdBy;

    static QuestionVersion of(UUID questionId, int version, QuestionContent content, String by, Instant at) {
        QuestionVersion v = new QuestionVersion();
        v.questionId = questionId;
        v.version = version;
        v.text = content.text();
        v.parts = content.parts();
        v.difficulty = content.difficulty();
        v.minutes = content.minutes();
        v.tags = content.tags().toArray(String[]::new);
        v.rubric = content.rubric();
        v.followUps = content.followUps();
        v.contentHash = content.hash();
        v.createdBy = by;
        v.createdAt = at;
        return v;
    }

    QuestionContent content() {
        return new QuestionContent(text, parts, difficulty, minutes, List.of(tags), rubric, followUps);
    }

    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        public UUID questionId;
        public int version;

        public Key() {
        }

        public Key(UUID questionId, int version) {
            this.questionId = questionId;
            this.version = version;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.version == version && Objects.equals(k.questionId, questionId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(questionId, version);
        }
    }
}
