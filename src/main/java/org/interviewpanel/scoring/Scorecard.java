package org.interviewpanel.scoring;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A panelist's scorecard. Its row is the lock every change of that panelist's ratings takes, so a submission and a
 * rating change never interleave.
 */
@Entity
@Table(name = "scorecard")
@IdClass(Scorecard.Key.class)
public class Scorecard extends PanacheEntityBase {

    @Id
    public UUID sessionId;
    @Id
    public String username;
    @Enumerated(EnumType.STRING)
    public Recommendation recommendation;
    public String summary;
    public Instant submittedAt;

    public boolean submitted() {
        return submittedAt != null;
    }

    static Key key(UUID sessionId, String username) {
        Key key = new Key();
        key.sessionId = sessionId;
        key.username = username;
        return key;
    }

    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        public UUID sessionId;
        public String username;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(k.username, username) && Objects.equals(k.sessionId, sessionId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(sessionId, username);
        }
    }
}
