package org.interviewpanel.mail;

import java.time.Instant;

/** A mail sent (or waiting) to someone, as the privacy export shows it. */
public record MailRecord(String kind, String subject, Instant createdAt, Instant sentAt) {
}
