package org.interviewpanel.questionbank;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A bank of questions (e.g. "kafka") with the guidance shown to interviewers who use it. */
@Entity
@Table(name = "question_bank")
public class QuestionBank extends PanacheEntityBase {

    public record Guidance(String title, String text) {
    }

    @Id
    public String key;
    public String title;
    public String description;
    @JdbcTypeCode(SqlTypes.JSON)
    public List<Guidance> guidance;
    public Instant updatedAt;
}
