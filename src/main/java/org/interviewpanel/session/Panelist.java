package org.interviewpanel.session;

import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An interviewer on a session's panel; exactly one panelist leads. */
@Entity
@Table(name = "session_panelist")
@IdClass(Panelist.Key.class)
public class Panelist extends PanacheEntityBase {

    @Id
    public UUID sessionId;
    @Id
    public String username;
    public String displayName;
    public boolean lead;

    public static Key key(UUID sessionId, String username) {
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
