package org.interviewpanel.live;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.websockets.next.WebSocketConnection;

/**
 * The live rooms on this instance: who is connected here, and who is present anywhere (from the participant events
 * every instance reads off the topic).
 */
@ApplicationScoped
public class LiveRoom {

    /** Who is in a session's room, across instances. */
    public record Presence(List<String> panelists, boolean candidate) {
    }

    private final Map<UUID, Set<RoomConnection>> panels = new ConcurrentHashMap<>();
    private final Map<UUID, Set<RoomConnection>> candidates = new ConcurrentHashMap<>();
    /** sessionId → participant ("user:alice" or "candidate") → open connections anywhere. */
    private final Map<UUID, Map<String, Integer>> present = new ConcurrentHashMap<>();

    void addPanel(UUID sessionId, RoomConnection connection) {
        panels.computeIfAbsent(sessionId, k -> ConcurrentHashMap.newKeySet()).add(connection);
    }

    void addCandidate(UUID sessionId, RoomConnection connection) {
        candidates.computeIfAbsent(sessionId, k -> ConcurrentHashMap.newKeySet()).add(connection);
    }

    /** Removes a connection; returns the session it belonged to, if any. */
    UUID remove(WebSocketConnection connection) {
        for (var entry : panels.entrySet()) {
            if (entry.getValue().removeIf(p -> p.id().equals(connection.id()))) {
                return entry.getKey();
            }
        }
        for (var entry : candidates.entrySet()) {
            if (entry.getValue().removeIf(c -> c.id().equals(connection.id()))) {
                return entry.getKey();
            }
        }
        return null;
    }

    Set<RoomConnection> panel(UUID sessionId) {
        return panels.getOrDefault(sessionId, Set.of());
    }

    Set<RoomConnection> candidates(UUID sessionId) {
        return candidates.getOrDefault(sessionId, Set.of());
    }

    Map<UUID, Set<RoomConnection>> allCandidates() {
        return candidates;
    }

    /** How many connections this instance has open (for benchmarks and metrics). */
    public int connections() {
        return panelConnections() + candidateConnections();
    }

    int panelConnections() {
        return panels.values().stream().mapToInt(Set::size).sum();
    }

    int candidateConnections() {
        return candidates.values().stream().mapToInt(Set::size).sum();
    }

    /** Sessions with at least one socket open on this instance. */
    int openRooms() {
        Set<UUID> open = new HashSet<>();
        for (Map<UUID, Set<RoomConnection>> rooms : List.of(panels, candidates)) {
            rooms.forEach((id, sockets) -> {
                if (!sockets.isEmpty()) {
                    open.add(id);
                }
            });
        }
        return open.size();
    }

    void joined(UUID sessionId, String who) {
        present.computeIfAbsent(sessionId, k -> new ConcurrentHashMap<>()).merge(who, 1, Integer::sum);
    }

    void left(UUID sessionId, String who) {
        present.computeIfAbsent(sessionId, k -> new ConcurrentHashMap<>()).computeIfPresent(who,
                (k, n) -> n > 1 ? n - 1 : null);
    }

    Presence presence(UUID sessionId) {
        Map<String, Integer> who = new TreeMap<>(present.getOrDefault(sessionId, Map.of()));
        List<String> panelists = who.keySet().stream().filter(k -> k.startsWith("user:")).map(k -> k.substring(5)).toList();
        return new Presence(panelists, who.containsKey("candidate"));
    }
}
