package org.interviewpanel.events;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An event waiting in the outbox (or already relayed, until purged). */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long seq;
    public UUID id;
    public UUID aggregateId;
    public int aggregateVersion;
    public String type;
    public String subject;
    public Instant occurredAt;
    /** The event as JSON text, stored as jsonb. */
    @JdbcTypeCode(SqlTypes.JSON)
    public String payload;
    public Instant sentAt;
    public int attempts;
    public String lastError;
}
