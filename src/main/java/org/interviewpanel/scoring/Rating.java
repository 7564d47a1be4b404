package org.interviewpanel.scoring;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * One panelist's rating of one item. A cleared rating keeps its row (rating null) so its revision never goes back,
 * which is what lets a second browser tab detect it is stale.
 */
@Entity
@Table(name = "rating")
@IdClass(Rating.Key.class)
public class Rating extends PanacheEntityBase {

    @Id
    public UUID sessionId;
    @Id
    public String username;
    @Id
    public int position;
    public Integer rating;
    public String note;
    public int revision;
    public Instant updatedAt;

    static Key key(UUID sessionId, String username, int position) {
        Key key = new Key();
        key.sessionId = sessionId;
        key.username = username;
        key.position = position;
        return key;
    }

    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        public UUID sessionId;
        public String username;
        public int position;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.position == position && Objects.equals(k.username, username)
                    && Objects.equals(k.sessionId, sessionId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(sessionId, username, position);
        }
    }
}
