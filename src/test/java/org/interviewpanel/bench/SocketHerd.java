package org.interviewpanel.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * LiveBench's crowd of idle room sockets, in a process of its own so that their client side does not count against the
 * server's heap. Reads commands on standard input: {@code open <count>} opens that many more panel sockets (round robin
 * over the sessions given as arguments, with the bearer token from the environment) and answers {@code open <held>
 * <refused>} once each has its snapshot or was refused; {@code close} (or the end of input) closes them all and exits.
 */
public final class SocketHerd {

    private SocketHerd() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String[] sessions = args[1].split(",");
        String bearer = System.getenv("HERD_TOKEN");
        HttpClient http = HttpClient.newHttpClient();
        List<WebSocket> sockets = new ArrayList<>();
        AtomicInteger snapshots = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        Semaphore settled = new Semaphore(0); // a permit per socket that got its snapshot or was refused
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null && !line.equals("close");) {
            int more = Integer.parseInt(line.substring("open ".length()).strip());
            List<CompletableFuture<WebSocket>> opening = new ArrayList<>();
            for (int i = 0; i < more; i++) {
                String session = sessions[(sockets.size() + opening.size()) % sessions.length];
                opening.add(http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + bearer)
                        .buildAsync(URI.create("ws://localhost:" + port + "/ws/sessions/" + session),
                                new Counting(snapshots, refused, settled))
                        .toCompletableFuture());
                if (opening.size() % 100 == 0) {
                    // a hundred handshakes at a time, as reconnecting browsers would come
                    CompletableFuture.allOf(opening.subList(opening.size() - 100, opening.size())
                            .toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
                }
            }
            for (CompletableFuture<WebSocket> f : opening) {
                try {
                    sockets.add(f.get(60, TimeUnit.SECONDS));
                } catch (Exception e) {
                    refused.incrementAndGet();
                    settled.release();
                }
            }
            settled.tryAcquire(more, 60, TimeUnit.SECONDS);
            System.out.println("open " + snapshots.get() + " " + refused.get());
            System.out.flush();
        }
        CompletableFuture.allOf(sockets.stream().map(s -> s.sendClose(WebSocket.NORMAL_CLOSURE, "bye"))
                .toArray(CompletableFuture[]::new)).orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
        System.exit(0);
    }

    /** Counts the first frame (the snapshot) of each socket, and sockets the server closed before one came. */
    private static final class Counting implements WebSocket.Listener {
        private final AtomicInteger snapshots;
        private final AtomicInteger refused;
        private final Semaphore settled;
        private boolean first = true;

        Counting(AtomicInteger snapshots, AtomicInteger refused, Semaphore settled) {
            this.snapshots = snapshots;
            this.refused = refused;
            this.settled = settled;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            if (last && first) {
                first = false;
                snapshots.incrementAndGet();
                settled.release();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            if (first) {
                refused.incrementAndGet();
                first = false;
                settled.release();
            }
            return null;
        }
    }
}
