package org.interviewpanel.session;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** The session's candidate link; only the SHA-256 of its token is stored. */
@Entity
@Table(name = "candidate_link")
public class CandidateLink extends PanacheEntityBase {

    @Id
    public UUID sessionId;
    public byte[] tokenHash;
    public Instant createdAt;
    public Instant revokedAt;
}
