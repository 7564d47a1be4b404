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
    /**
     * Which room each open connection is in, by connection id: a close finds its room at once (it used to look through
     * every room's sockets), and a room whose last socket closes is dropped (it used to stay, empty, for the
     * instance's life, and the candidate sweep went through every room ever opened here).
     */
    private final Map<String, UUID> roomOf = new ConcurrentHashMap<>();
    /** sessionId → participant ("user:alice" or "candidate") → open connections anywhere. */
    private final Map<UUID, Map<String, Integer>> present = new ConcurrentHashMap<>();

    void addPanel(UUID sessionId, RoomConnection connection) {
        add(panels, sessionId, connection);
    }

    void addCandidate(UUID sessionId, RoomConnection connection) {
        add(candidates, sessionId, connection);
    }

    private void add(Map<UUID, Set<RoomConnection>> rooms, UUID sessionId, RoomConnection connection) {
        roomOf.put(connection.id(), sessionId);
        // in one step with a close that empties the room: a socket never joins a set that is being dropped
        rooms.compute(sessionId, (id, sockets) -> {
            Set<RoomConnection> room = sockets != null ? sockets : ConcurrentHashMap.newKeySet();
            room.add(connection);
            return room;
        });
    }

    /** Removes a connection; returns the session it belonged to, if any. */
    UUID remove(WebSocketConnection connection) {
        String id = connection.id();
        UUID sessionId = roomOf.remove(id);
        if (sessionId != null) {
            leave(panels, sessionId, id);
            leave(candidates, sessionId, id);
        }
        return sessionId;
    }

    private static void leave(Map<UUID, Set<RoomConnection>> rooms, UUID sessionId, String connectionId) {
        rooms.computeIfPresent(sessionId, (id, sockets) -> {
            sockets.removeIf(c -> c.id().equals(connectionId));
            return sockets.isEmpty() ? null : sockets;
        });
    }

    Set<RoomConnection> panel(UUID sessionId) {
        return panels.getOrDefault(sessionId, Set.of());
    }

    Set<RoomConnection> candidates(UUID sessionId) {
        return candidates.getOrDefault(sessionId, Set.of());
    }

    /** Whether this instance keeps anything of a session's room (a socket of it is open here); for tests. */
    boolean holds(UUID sessionId) {
        return panels.containsKey(sessionId) || candidates.containsKey(sessionId);
    }

    /** How many connections this instance knows the room of (as many as are open, once none is opening); for tests. */
    int tracked() {
        return roomOf.size();
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
