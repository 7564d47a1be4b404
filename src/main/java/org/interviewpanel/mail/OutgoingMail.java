package org.interviewpanel.mail;

import java.util.UUID;

/**
 * A mail to queue: plain text, optionally with an iCalendar part. calendarMethod is the iTIP method the calendar part
 * carries (REQUEST for an invitation or update, CANCEL for a cancellation), null for a mail without one.
 */
public record OutgoingMail(UUID sessionId, MailKind kind, String recipient, String subject, String body,
        String calendar, String calendarMethod) {
}
