package org.interviewpanel.session;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** The browser that redeemed the link last (its cookie's hash): one active candidate device per session. */
@Entity
@Table(name = "candidate_device")
public class CandidateDevice extends PanacheEntityBase {

    @Id
    public UUID sessionId;
    public byte[] tokenHash;
    public Instant redeemedAt;
    public String client;
}
