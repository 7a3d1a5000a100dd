package io.aspaire.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Issue 14's benchmark line: many concurrent {@code applicationChanged} subscriptions on one gateway (graphql-ws, one
 * WebSocket per subscription, as devices would hold them), then stage moves of each user's application through the
 * gateway, and the time from each mutation's answer to every subscriber's {@code next} for it. Also the gateway's RSS
 * before the subscriptions and with them open.
 * <p>
 * Rounds run one after the other (every user moves once per round, alternating APPLIED and INTERVIEW) so each
 * delivery is matched to its mutation by application id; a delivery may come before its mutation's answer (the
 * event is published on commit), which counts as 0 ms.
 */
final class SubscriptionFanOut {

    static final String SUBSCRIPTION = "subscription { applicationChanged { kind applicationId stage } }";

    /** One bench user: its token and its one application. */
    record Subscriber(String userId, String token, String applicationId) {
    }

    record Result(int subscriptions, int registered, int events, int expected, int delivered,
            List<Double> latenciesMs, double rssBeforeMb, double rssWithMb, double openSeconds, int failedMoves) {

        double p50() {
            return percentile(50);
        }

        double p99() {
            return percentile(99);
        }

        private double percentile(double p) {
            double[] sorted = latenciesMs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return sorted.length == 0 ? Double.NaN : EventLatency.percentile(sorted, p);
        }

        double max() {
            return latenciesMs.isEmpty() ? Double.NaN : Collections.max(latenciesMs);
        }
    }

    private final String gatewayGraphql;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    /** Arrival times (System.nanoTime) of STAGE_CHANGED deliveries, by "application id/stage", this round. */
    private final Map<String, List<Long>> arrivals = new ConcurrentHashMap<>();
    private final AtomicInteger delivered = new AtomicInteger();
    private final List<Connection> connections = Collections.synchronizedList(new ArrayList<>());

    SubscriptionFanOut(String gatewayUrl) {
        this.gatewayGraphql = gatewayUrl + "/graphql";
    }

    Result run(List<Subscriber> users, int perUser, int rounds, long gatewayPid, String pipelineUrl) throws Exception {
        double rssBefore = ProcCpu.rssMb(gatewayPid);
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Connection>> opening = new ArrayList<>();
            for (Subscriber user : users) {
                for (int i = 0; i < perUser; i++) {
                    opening.add(pool.submit(() -> open(user.token())));
                }
            }
            for (Future<Connection> f : opening) {
                connections.add(f.get(60, TimeUnit.SECONDS));
            }
            int total = users.size() * perUser;
            // registered at pipeline-service, not only accepted by the gateway: its gauge of open applicationChanged
            // subscriptions. Fewer after a minute is a finding (the line says how many), not a reason to stop.
            long registeredBy = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            int registered = openAtPipeline(pipelineUrl);
            while (registered < total && System.nanoTime() < registeredBy) {
                Thread.sleep(250);
                registered = openAtPipeline(pipelineUrl);
            }
            double openSeconds = (System.nanoTime() - t0) / 1e9;
            SuiteBenchmark.log(String.format(java.util.Locale.ROOT, "%d subscriptions opened at the gateway, %d "
                    + "registered at pipeline-service after %.1f s", total, registered, openSeconds));
            double rssWith = ProcCpu.rssMb(gatewayPid);

            List<Double> latencies = new ArrayList<>();
            int expected = 0;
            int totalDelivered = 0;
            AtomicInteger failedMoves = new AtomicInteger();
            for (int round = 0; round < rounds; round++) {
                String stage = round % 2 == 0 ? "APPLIED" : "INTERVIEW";
                arrivals.clear();
                Map<String, Long> answeredAt = new ConcurrentHashMap<>();
                List<Future<?>> moves = new ArrayList<>();
                for (Subscriber user : users) {
                    moves.add(pool.submit(() -> {
                        try {
                            JsonNode answer = Graphql.post(gatewayGraphql, user.token(), Graphql.body(
                                    "mutation($id: ID!, $s: ApplicationStage!) { moveApplication(id: $id, stage: $s) "
                                            + "{ id } }", Map.of("id", user.applicationId(), "s", stage)));
                            long now = System.nanoTime();
                            if (answer.has("errors")) {
                                failedMoves.incrementAndGet();
                            } else {
                                answeredAt.put(user.applicationId() + "/" + stage, now);
                            }
                        } catch (Exception e) {
                            failedMoves.incrementAndGet();
                        }
                        return null;
                    }));
                }
                for (Future<?> f : moves) {
                    f.get(120, TimeUnit.SECONDS);
                }
                int roundExpected = answeredAt.size() * perUser;
                expected += roundExpected;
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (deliveredFor(answeredAt) < roundExpected && System.nanoTime() < deadline) {
                    synchronized (delivered) {
                        delivered.wait(100); // woken by each delivery
                    }
                }
                totalDelivered += deliveredFor(answeredAt);
                // a late delivery of the previous round has the other stage: it matches no mutation of this one
                arrivals.forEach((move, times) -> {
                    Long answered = answeredAt.get(move);
                    if (answered != null) {
                        synchronized (times) {
                            times.forEach(at -> latencies.add(Math.max(0, at - answered) / 1e6));
                        }
                    }
                });
            }
            return new Result(total, registered, rounds * users.size(), expected, totalDelivered, latencies, rssBefore, rssWith,
                    openSeconds, failedMoves.get());
        } finally {
            pool.shutdownNow();
            close();
        }
    }

    /** Deliveries of this round's moves so far (a late one of the previous round has the other stage). */
    private int deliveredFor(Map<String, Long> answeredAt) {
        int count = 0;
        for (Map.Entry<String, List<Long>> e : arrivals.entrySet()) {
            if (answeredAt.containsKey(e.getKey())) {
                count += e.getValue().size();
            }
        }
        return count;
    }

    static int openAtPipeline(String pipelineUrl) throws Exception {
        java.net.http.HttpResponse<String> metrics = Graphql.HTTP.send(java.net.http.HttpRequest.newBuilder(
                URI.create(pipelineUrl + "/q/metrics")).timeout(Duration.ofSeconds(10)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        for (String line : metrics.body().split("\n")) {
            if (line.startsWith("aspaire_live_subscriptions{") && line.contains("subscription=\"applicationChanged\"")) {
                return (int) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    void close() {
        synchronized (connections) {
            connections.forEach(c -> c.socket.abort());
            connections.clear();
        }
    }

    private Connection open(String token) throws Exception {
        Connection connection = new Connection();
        URI uri = URI.create(gatewayGraphql.replaceFirst("^http", "ws"));
        connection.socket = client.newWebSocketBuilder().subprotocols("graphql-transport-ws")
                .buildAsync(uri, connection).get(30, TimeUnit.SECONDS);
        connection.socket.sendText(Graphql.JSON.writeValueAsString(Map.of("type", "connection_init",
                "payload", Map.of("Authorization", "Bearer " + token))), true).get(10, TimeUnit.SECONDS);
        connection.acknowledged.get(30, TimeUnit.SECONDS);
        connection.socket.sendText(Graphql.JSON.writeValueAsString(Map.of("id", "1", "type", "subscribe",
                "payload", Map.of("query", SUBSCRIPTION))), true).get(10, TimeUnit.SECONDS);
        return connection;
    }

    /** One graphql-transport-ws client connection with one subscription. */
    private final class Connection implements WebSocket.Listener {
        WebSocket socket;
        final CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                long now = System.nanoTime();
                String text = partial.toString();
                partial.setLength(0);
                handle(webSocket, text, now);
            }
            webSocket.request(1);
            return null;
        }

        private void handle(WebSocket webSocket, String text, long now) {
            try {
                JsonNode message = Graphql.JSON.readTree(text);
                switch (message.path("type").asText()) {
                    case "connection_ack" -> acknowledged.complete(null);
                    case "ping" -> webSocket.sendText("{\"type\":\"pong\"}", true);
                    case "next" -> {
                        JsonNode change = message.path("payload").path("data").path("applicationChanged");
                        if ("STAGE_CHANGED".equals(change.path("kind").asText())) {
                            arrivals.computeIfAbsent(change.path("applicationId").asText() + "/"
                                    + change.path("stage").asText(),
                                    k -> Collections.synchronizedList(new ArrayList<>())).add(now);
                            delivered.incrementAndGet();
                            synchronized (delivered) {
                                delivered.notifyAll();
                            }
                        }
                    }
                    case "error", "complete" -> SuiteBenchmark.log("subscription ended: " + text);
                    default -> {
                    }
                }
            } catch (Exception e) {
                SuiteBenchmark.log("unreadable graphql-ws message: " + text);
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            acknowledged.completeExceptionally(new IllegalStateException("closed " + statusCode + " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            acknowledged.completeExceptionally(error);
        }
    }
}
