package org.interviewpanel.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.interviewpanel.events.JoinedVia;
import org.interviewpanel.events.Outbox;
import org.interviewpanel.events.ParticipantRole;
import org.interviewpanel.events.SessionEvent;

/**
 * Candidate links and devices. A link token has 256 bits from a CSPRNG and is stored only as its SHA-256. Redeeming
 * it issues a device token (the HttpOnly cookie), replacing the previous device: one active candidate connection.
 */
@ApplicationScoped
public class CandidateLinks {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    SessionConfig config;

    @Inject
    Outbox outbox;

    @Inject

    Clock clock;

    /** A fresh link for the session; any earlier link stops working. Returns the token, which is not stored. */
    @Transactional(Transactional.TxType.MANDATORY)
    String issue(UUID sessionId, Instant now) {
        String token = newToken();
        CandidateLink link = CandidateLink.findById(sessionId);
        if (link == null) {
            link = new CandidateLink();
            link.sessionId = sessionId;
        }
        link.tokenHash = hash(token);
        link.createdAt = now;
        link.revokedAt = null;
        link.persist();
        return token;
    }

    /** Revokes the link and disconnects the candidate's device. */
    @Transactional(Transactional.TxType.MANDATORY)
    void revoke(UUID sessionId, Instant now) {
        CandidateLink link = CandidateLink.findById(sessionId);
        if (link != null && link.revokedAt == null) {
            link.revokedAt = now;
        }
        CandidateDevice.deleteById(sessionId);
    }

    boolean isActive(UUID sessionId) {
        CandidateLink link = CandidateLink.findById(sessionId);
        return link != null && link.revokedAt == null;
    }

    /**
     * Exchanges a link token for a device token, when the link is valid: not revoked, its session scheduled or live,
     * or ended within the grace period. Records the candidate joining.
     */
    @Transactional
    public Optional<String> redeem(String token, String client) {
        if (token == null || token.length() < 20 || token.length() > 100) {
            return Optional.empty();
        }
        CandidateLink link = CandidateLink.find("tokenHash", hash(token)).firstResult();
        if (link == null || link.revokedAt != null) {
            return Optional.empty();
        }
        InterviewSession session = InterviewSession.findById(link.sessionId);
        Instant now = clock.instant();
        if (!open(session, now)) {
            return Optional.empty();
        }
        String device = newToken();
        CandidateDevice current = CandidateDevice.findById(session.id);
        if (current == null) {
            current = new CandidateDevice();
            current.sessionId = session.id;
        }
        // The topic keeps events forever: a link opened again and again records one arrival per interval, not each.
        boolean arrival = current.redeemedAt == null || !current.redeemedAt.plus(config.joinEventInterval()).isAfter(now);
        current.tokenHash = hash(device);
        current.redeemedAt = now;
        current.client = client;
        current.persist();
        if (arrival) {
            outbox.record(new SessionEvent.ParticipantJoined(session.id, session.candidateRef,
                    ParticipantRole.CANDIDATE, null, JoinedVia.LINK, now),
                    session.version);
        }
        return Optional.of(device);
    }

    /** The session of the device holding this cookie, while it is the active device and the session is open. */
    public Optional<InterviewSession> sessionOf(String deviceToken) {
        if (deviceToken == null || deviceToken.length() < 20 || deviceToken.length() > 100) {
            return Optional.empty();
        }
        CandidateDevice device = CandidateDevice.find("tokenHash", hash(deviceToken)).firstResult();
        if (device == null) {
            return Optional.empty();
        }
        InterviewSession session = InterviewSession.findById(device.sessionId);
        return open(session, clock.instant()) ? Optional.of(session) : Optional.empty();
    }

    /** The id of the session this device's cookie is connected to, for features outside sessions. */
    public Optional<UUID> sessionIdOf(String deviceToken) {
        return sessionOf(deviceToken).map(s -> s.id);
    }

    private boolean open(InterviewSession session, Instant now) {
        return session.linkOpen(now, config.linkGrace());
    }

    private static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Drops what identified the candidate's browser (its address or agent); the link's times stay. */
    void forgetDevice(UUID sessionId) {
        CandidateDevice.update("client = null where sessionId = ?1", sessionId);
    }
}
