package org.interviewpanel.audit;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "AuditEntry", description = "subject: what it is about (sessions/<id>); candidateRef: whose data")
public record AuditView(Instant at, String actor, String action, String subject, UUID candidateRef, String detail) {

    static AuditView of(AuditEntry e) {
        return new AuditView(e.at, e.actor, e.action, e.subject, e.candidateRef, e.detail);
    }
}
