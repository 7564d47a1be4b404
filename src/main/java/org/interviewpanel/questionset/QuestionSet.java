package org.interviewpanel.questionset;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An interview kit: an ordered, timed list of bank questions, each pinned to the version it was added with. */
@Entity
@Table(name = "question_set")
public class QuestionSet extends PanacheEntityBase {

    @Id
    public UUID id;
    public String owner;
    public String name;
    public String description;
    @Enumerated(EnumType.STRING)
    public SetStatus status;
    public int version;
    public boolean inUse;
    public Instant createdAt;
    public Instant updatedAt;
    public Instant archivedAt;

    boolean isArchived() {
        return status == SetStatus.ARCHIVED;
    }

    void touch(Instant at) {
        version++;
        updatedAt = at;
    }
}
