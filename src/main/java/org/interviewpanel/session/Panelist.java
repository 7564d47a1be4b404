package org.interviewpanel.session;

import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import org.interviewpanel.events.Seat;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * An interviewer seated in a session: on the panel (exactly one panelist leads) or, as a trainee, in a shadow seat whose
 * ratings never count.
 */
@Entity
@Table(name = "session_panelist")
@IdClass(SeatKey.class)
public class Panelist extends PanacheEntityBase {

    @Id
    public UUID sessionId;
    @Id
    public String username;
    public String displayName;
    public boolean lead;
    public boolean shadow;

    public Seat seat() {
        return Seat.of(shadow);
    }

    public static SeatKey key(UUID sessionId, String username) {
        return SeatKey.of(sessionId, username);
    }
}
