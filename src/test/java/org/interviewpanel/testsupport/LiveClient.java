package org.interviewpanel.testsupport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A real WebSocket client for the live channels; collects the JSON frames it receives and how it was closed. */
public final class LiveClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** One client for all sockets: each HttpClient has its own selector thread. */
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A frame and when it arrived (System.nanoTime()). */
    public record Received(JsonNode frame, long nanos) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    /** How many frames of each type {@link #forget} dropped. */
    private final Map<String, Integer> forgotten = new ConcurrentHashMap<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket socket;

    private LiveClient(String url, Map<String, String> headers, String... subprotocols) {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        headers.forEach(builder::header);
        if (subprotocols.length > 0) {
            builder.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        socket = builder.buildAsync(URI.create(url), new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    try {
                        JsonNode frame = JSON.readTree(partial.toString());
                        received.add(new Received(frame, System.nanoTime()));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    partial.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                closed.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                closed.complete(-1);
            }
        }).orTimeout(15, TimeUnit.SECONDS).join();
    }

    public static LiveClient panel(int port, String sessionId, String bearer) {
        return new LiveClient("ws://localhost:" + port + "/ws/sessions/" + sessionId,
                Map.of("Authorization", "Bearer " + bearer));
    }

    /** As a browser without the cookie connects: the bearer token in the quarkus-http-upgrade sub-protocol. */
    public static LiveClient panelBySubprotocol(int port, String sessionId, String bearer) {
        String carried = java.net.URLEncoder.encode("quarkus-http-upgrade#Authorization#Bearer " + bearer,
                java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
        return new LiveClient("ws://localhost:" + port + "/ws/sessions/" + sessionId, Map.of(), "bearer-token-carrier",
                carried);
    }

    public static LiveClient candidate(int port, String cookie) {
        return new LiveClient("ws://localhost:" + port + "/ws/candidate", Map.of("Cookie", "panel_candidate=" + cookie));
    }

    /**
     * Drops the frames received so far (a long benchmark's clients would otherwise keep every one); {@link #count} still
     * counts them.
     */
    public void forget() {
        List<Received> seen = List.copyOf(received);
        seen.forEach(r -> forgotten.merge(r.frame().path("type").asText(), 1, Integer::sum));
        received.removeAll(seen); // a frame that arrived meanwhile stays
    }

    /** How many frames of a type arrived, forgotten ones included. */
    public int count(String type) {
        return forgotten.getOrDefault(type, 0) + frames(type).size();
    }

    public List<JsonNode> frames() {
        return received.stream().map(Received::frame).toList();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<JsonNode> frames(String type) {
        return frames().stream().filter(f -> type.equals(f.path("type").asText())).toList();
    }

    /** The close code once the server closed the connection, or null while it is open. */
    public Integer closeCode() {
        return closed.getNow(null);
    }

    @Override
    public void close() {
        if (!closed.isDone()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
    }
}
