package org.interviewpanel.scoring;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import org.interviewpanel.session.SeatKey;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A panelist's scorecard. Its row is the lock every change of that panelist's ratings takes, so a submission and a
 * rating change never interleave.
 */
@Entity
@Table(name = "scorecard")
@IdClass(SeatKey.class)
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

    static SeatKey key(UUID sessionId, String username) {
        return SeatKey.of(sessionId, username);
    }
}
