package org.interviewpanel.mail;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A mail waiting in the mail outbox, or sent (then without its body and calendar). */
@Entity
@Table(name = "mail_outbox")
public class QueuedMail extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID sessionId;
    public String kind;
    public String recipient;
    public String subject;
    public String body;
    public String calendar;
    public String calendarMethod;
    public String messageId;
    public Instant createdAt;
    public Instant nextAttemptAt;
    public int attempts;
    public String lastError;
    public Instant claimedUntil;
    public Instant sentAt;
}
