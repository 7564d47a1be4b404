package org.interviewpanel.session;

import java.io.Serializable;
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

/** A question of the session, copied from the question set's pinned version when the session was scheduled. */
@Entity
@Table(name = "session_item")
@IdClass(SessionItem.Key.class)
public class SessionItem extends PanacheEntityBase {

    @Id
    public UUID sessionId;
    @Id
    public int position;
    public UUID questionId;
    public String questionKey;
    public int questionVersion;
    public String category;
    public String text;
    @JdbcTypeCode(SqlTypes.JSON)
    public List<String> parts;
    public int minutes;

    /**
     * How many questions the session has. A plain count query: Panache's {@code count(...)} derives a new count query
     * from the selection on every call (Hibernate translates it afresh each time; a third of an advance's CPU in a
     * profile), this one is translated once and cached.
     */
    public static int countOf(UUID sessionId) {
        return getEntityManager().createQuery("select count(*) from SessionItem where sessionId = ?1", Long.class)
                .setParameter(1, sessionId).getSingleResult().intValue();
    }

    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        public UUID sessionId;
        public int position;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.position == position && Objects.equals(k.sessionId, sessionId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(sessionId, position);
        }
    }
}
