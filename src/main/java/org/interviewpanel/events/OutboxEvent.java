package org.interviewpanel.events;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.ColumnTransformer;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An event waiting in the outbox (or already relayed, until purged). */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long seq;
    public UUID id;
    @Column(name = "aggregate_id")
    public UUID aggregateId;
    @Column(name = "aggregate_version")
    public int aggregateVersion;
    public String type;
    public String subject;
    @Column(name = "occurred_at")
    public Instant occurredAt;
    /** The event as JSON text; written through a cast so the column stays jsonb. */
    @ColumnTransformer(write = "?::jsonb")
    public String payload;
    @Column(name = "sent_at")
    public Instant sentAt;
    public int attempts;
    @Column(name = "last_error")
    public String lastError;
}
