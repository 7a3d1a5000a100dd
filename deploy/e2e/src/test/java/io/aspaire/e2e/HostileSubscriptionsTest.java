package io.aspaire.e2e;

import static io.aspaire.e2e.RunningSuite.JSON;
import static io.aspaire.e2e.RunningSuite.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.aspaire.e2e.HostileInputTest.Account;
import io.aspaire.e2e.hostile.BoundaryValues;
import io.aspaire.e2e.hostile.BoundaryValues.KnownIds;
import io.aspaire.e2e.hostile.GraphQLSchema;
import io.aspaire.e2e.hostile.GraphQLSchema.Field;
import io.aspaire.e2e.hostile.HostileProbes;
import io.aspaire.e2e.hostile.HostileRun;
import io.aspaire.e2e.hostile.Probe;
import io.aspaire.e2e.hostile.Secrets;
import io.aspaire.e2e.hostile.Verdict;

/**
 * The hostile-input rules for subscriptions: every argument of every {@code Subscription} root field of the composed
 * schema (pipeline-service's, job-service's {@code ingestionRun(id)} and {@code newMatchingJobs}, ai-service's
 * {@code coverLetterStream(jobId, resumeId, tone)}) gets each boundary value of its type, the other arguments valid,
 * each on its own graphql-ws connection through the gateway with user A's token. Within the bound the answer is an
 * {@code error} whose every error has a code, a {@code next} or {@code complete}, or the subscription is accepted and
 * the connection stays alive (it answers {@code ping}); never an abnormal close (1006, 1011, 4500), "System error", a
 * Java class or package name, or user B's data.
 */
@Order(2)
@ExtendWith(RunningSuite.Started.class)
class HostileSubscriptionsTest {

    /** Long enough for a refusal or a first item; a subscription silent after this is judged by its ping. */
    static final Duration FIRST_ANSWER = Duration.ofSeconds(2);
    /** Closes that mean the server failed, not that it refused the input. */
    static final Set<Integer> ABNORMAL_CLOSES = Set.of(-1, 1006, 1011, 4500);
    static final int CONCURRENCY = 6;

    @RegisterExtension
    static final RunningSuite.FailureWatcher WATCHER = new RunningSuite.FailureWatcher();

    @Test
    void everyArgumentOfEverySubscriptionAnswersHostileInputWithACodedErrorOrALiveSubscription() throws Exception {
        String marker = "bsecret" + UUID.randomUUID().toString().substring(0, 8);
        Account a = HostileInputTest.account("hostile-ws-a", "Hostile WS A");
        Account b = HostileInputTest.account(marker, marker + " B");
        Map<String, String> mine = HostileInputTest.fixtures(a, "A", "Backend Engineer");
        Map<String, String> others = HostileInputTest.fixtures(b, marker, marker);
        others.remove("job"); // jobs are shared: B's "other" job is no secret

        HostileRun run = new HostileRun(1); // its outcomes and report; the probes go over WebSockets below
        GraphQLSchema schema = HostileInputTest.introspect(run, "gateway", a.token());
        assertTrue(schema != null && schema.subscriptionType != null, "the gateway's schema has subscriptions");
        BoundaryValues values = new BoundaryValues(schema.types, new KnownIds(mine, others));
        HostileProbes probes = new HostileProbes(values, a.token(), new Secrets(marker, List.copyOf(others.values())));
        List<Probe> all = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        for (Field field : schema.rootFields(schema.subscriptionType)) {
            fields.add(field.name() + field.args().stream().map(GraphQLSchema.InputValue::name)
                    .collect(Collectors.joining(", ", "(", ")")));
            all.addAll(probes.fieldProbes("gateway", url("gateway"), schema, "subscription", field));
        }
        assertTrue(fields.stream().anyMatch(f -> f.startsWith("ingestionRun(id"))
                && fields.stream().anyMatch(f -> f.startsWith("coverLetterStream(")),
                "the subscriptions with arguments are probed: " + fields);
        System.out.printf("[hostile-ws] %d subscriptions %s, %d probes over graphql-ws%n", fields.size(), fields,
                all.size());

        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        List<HostileRun.Outcome> outcomes = new ArrayList<>();
        try {
            List<Future<HostileRun.Outcome>> pending = new ArrayList<>();
            for (Probe probe : all) {
                pending.add(pool.submit(() -> overWebSocket(probe, a.token())));
            }
            for (Future<HostileRun.Outcome> f : pending) {
                outcomes.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        outcomes.forEach(run::record);
        System.out.println(run.report(20));
        List<String> failures = run.failures().stream().limit(8).map(o -> o.failure().kind() + ": "
                + o.probe().label() + ": " + o.failure().why()).toList();
        assertEquals(List.of(), failures, run.failures().size() + " of " + run.outcomes().size() + " failed");
    }

    /** Subscribes with the probe's document and variables on a connection of its own, and judges what comes back. */
    static HostileRun.Outcome overWebSocket(Probe probe, String token) {
        long start = System.nanoTime();
        Verdict.Failure failure;
        try (GraphQLWs ws = GraphQLWs.connect(url("gateway"), token)) {
            ws.subscribeRaw("1", probe.body());
            JsonNode first = ws.next(FIRST_ANSWER);
            if (first == null) {
                Integer closed = ws.closeCode.getNow(null);
                if (closed != null) {
                    failure = judgeClose(closed, ws.closeReason);
                } else {
                    List<JsonNode> before = ws.untilPong(probe.bound());
                    failure = before == null ? new Verdict.Failure(Verdict.HANG, "accepted, then no pong within "
                            + probe.bound().toSeconds() + " s") : before.isEmpty() ? null : judge(probe, before.get(0));
                }
            } else {
                failure = judge(probe, first);
            }
        } catch (Exception e) {
            failure = new Verdict.Failure(Verdict.NO_ANSWER, e.toString());
        }
        return new HostileRun.Outcome(probe, 200, (System.nanoTime() - start) / 1_000_000, failure);
    }

    static Verdict.Failure judgeClose(int code, String reason) {
        return ABNORMAL_CLOSES.contains(code) ? new Verdict.Failure(Verdict.SERVER_ERROR, "closed " + code + " "
                + reason) : null;
    }

    /** One graphql-ws message: {@code error} (a list of GraphQL errors), {@code next} (a GraphQL result), ... */
    static Verdict.Failure judge(Probe probe, JsonNode message) {
        String type = message.path("type").asText();
        switch (type) {
            case "error": {
                for (JsonNode error : message.path("payload")) {
                    String code = error.path("extensions").path("code").asText("");
                    if (code.isBlank() || code.startsWith("INTERNAL")) {
                        return new Verdict.Failure(Verdict.SYSTEM_ERROR, "an error without a code: " + error);
                    }
                }
                ObjectNode body = JSON.createObjectNode();
                body.set("errors", message.path("payload"));
                return Verdict.judge(probe, 200, body.toString());
            }
            case "next":
                return Verdict.judge(probe, 200, message.path("payload").toString());
            case "complete":
                return null;
            default:
                return new Verdict.Failure(Verdict.SYSTEM_ERROR, "unexpected message " + Verdict.shorten(
                        message.toString(), 300));
        }
    }
}
