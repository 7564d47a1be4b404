package org.interviewpanel.mail;

/** Why a mail is sent; each kind is sent once per change (or per reminder step) and recipient. */
public enum MailKind {
    INVITATION,
    UPDATE,
    CANCELLATION,
    REMINDER,
    ESCALATION
}
