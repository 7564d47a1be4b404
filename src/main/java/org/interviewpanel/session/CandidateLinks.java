package org.interviewpanel.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.interviewpanel.events.JoinedVia;
import org.interviewpanel.events.Outbox;
import org.interviewpanel.events.ParticipantRole;
import org.interviewpanel.events.SessionEvent;

import io.agroal.api.AgroalDataSource;

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

    @Inject
    AgroalDataSource dataSource;

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
        byte[] hash = deviceHash(deviceToken);
        if (hash == null) {
            return Optional.empty();
        }
        CandidateDevice device = CandidateDevice.find("tokenHash", hash).firstResult();
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

    /**
     * What identifies a device in {@link #connectedDevices}: its token's hash, or null for a token that cannot be one
     * (it then matches no device).
     */
    public static byte[] deviceHash(String deviceToken) {
        return deviceToken == null || deviceToken.length() < 20 || deviceToken.length() > 100 ? null
                : hash(deviceToken);
    }

    /**
     * The device connected to each of these sessions whose link is open, as its {@link #deviceHash}: a device is still
     * connected while its hash is its session's here. The same rule as {@link #sessionOf}, in one statement for any
     * number of sessions and with no entity read: the live room asks before every frame to a candidate (with the two
     * entity reads of {@code sessionOf} that was two round trips per candidate and event, on the live path of every
     * question asked), and its sweep asks for every room every two seconds.
     */
    public Map<UUID, byte[]> connectedDevices(Collection<UUID> sessionIds) {
        Map<UUID, byte[]> connected = new HashMap<>();
        if (sessionIds.isEmpty()) {
            return connected;
        }
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement(CONNECTED_DEVICES)) {
            select.setArray(1, c.createArrayOf("uuid", sessionIds.toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    Timestamp endedAt = rs.getTimestamp(4);
                    if (InterviewSession.linkOpen(SessionStatus.valueOf(rs.getString(3)),
                            endedAt == null ? null : endedAt.toInstant(), now, config.linkGrace())) {
                        connected.put(rs.getObject(1, UUID.class), rs.getBytes(2));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the connected candidate devices", e);
        }
        return connected;
    }

    private static final String CONNECTED_DEVICES = "select d.session_id, d.token_hash, s.status, s.ended_at "
            + "from candidate_device d join interview_session s on s.id = d.session_id where d.session_id = any(?)";

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
