package io.aspaire.gateway.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.aspaire.gateway.stubs.StubSubgraph;

/**
 * Runs the same operations through the AspAIre gateway and through Apollo Gateway 2.x (npm {@code @apollo/gateway},
 * the reference behaviour), both over the same stub subgraphs, and compares {@code data} and the set of error
 * {@code path}s (messages are allowed to differ). Exit code 1 when anything differs.
 * Usage: {@code ApolloOracleComparison <quarkus-run.jar> <oracle dir with node_modules>}; run it through
 * {@code bench/gateway/compare-apollo.sh}.
 */
public final class ApolloOracleComparison {

    private record Case(String name, String query, Map<String, Object> variables, String downSubgraph) {
    }

    private static final List<Case> CASES = List.of(
            new Case("root fields of three subgraphs", "{ users { id name } jobs { id title } applications { status } }",
                    Map.of(), null),
            new Case("entity join, three hops", "{ users { name jobs { title applications { status applicant { name } } } } }",
                    Map.of(), null),
            new Case("@requires", "{ user(id: \"u2\") { greeting } }", Map.of(), null),
            new Case("@requires from a third subgraph",
                    "{ recommendations(userId: \"u1\") { __typename ... on Job { summary } ... on Tip { text } } }", Map.of(), null),
            new Case("@provides", "{ jobs { postedBy { name email } } }", Map.of(), null),
            new Case("aliases, fragments, variables, directives", """
                    query Board($id: ID!, $withEmail: Boolean!, $skipJobs: Boolean = false) {
                      someone: user(id: $id) { ...Person jobs @skip(if: $skipJobs) { ... on Job { label: title } } }
                      everyone: users(first: 2) { __typename id }
                    }
                    fragment Person on User { name mail: email @include(if: $withEmail) }""",
                    Map.of("id", "u1", "withEmail", true), null),
            new Case("compound keys", "{ applications { userId jobId matchScore job { title } } }", Map.of(), null),
            new Case("lists and nulls", "{ user(id: \"nobody\") { name jobs { id } } users { email } }", Map.of(), null),
            new Case("entity error path", "{ jobs { id summary } }", Map.of(), null),
            new Case("mutations in order", """
                    mutation { first: renameUser(id: "u3", name: "Linus T") { name }
                      job: postJob(title: "Platform Engineer", ownerId: "u3") { title postedBy { name email } }
                      last: renameUser(id: "u3", name: "Linus") { name } }""", Map.of(), null),
            new Case("failing subgraph, nullable part", "{ jobs { title summary } }", Map.of(), "ai"),
            new Case("failing subgraph, non-null root", "{ users { name } recommendations(userId: \"u1\") { __typename } }",
                    Map.of(), "ai"),
            new Case("failing subgraph, nullable root", "{ user(id: \"u1\") { name } job(id: \"j1\") { title } }",
                    Map.of(), "jobs"));

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        Path oracle = Path.of(args[1]);
        ObjectMapper json = new ObjectMapper();
        int differences = 0;
        try (BenchEnvironment env = new BenchEnvironment()) {
            String ours = env.startGateway(jar);
            int apolloPort = BenchEnvironment.freePort();
            List<Map<String, String>> subgraphs = new ArrayList<>();
            env.stubs.all().forEach((name, stub) -> subgraphs.add(Map.of("name", name, "url", stub.url())));
            ProcessBuilder node = new ProcessBuilder("node", "apollo-gateway.js").directory(oracle.toFile());
            node.environment().put("SUBGRAPHS", json.writeValueAsString(subgraphs));
            node.environment().put("PORT", String.valueOf(apolloPort));
            env.startProcess(node, "APOLLO GATEWAY READY", Duration.ofSeconds(60));
            String apollo = "http://127.0.0.1:" + apolloPort + "/";

            for (Case c : CASES) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("query", c.query());
                body.put("variables", c.variables());
                String request = json.writeValueAsString(body);
                StubSubgraph down = c.downSubgraph() == null ? null : env.stubs.get(c.downSubgraph());
                if (down != null) {
                    down.setMode(StubSubgraph.Mode.DOWN);
                }
                JsonNode a;
                JsonNode b;
                try {
                    a = json.readTree(env.post(ours, request));
                    b = json.readTree(env.post(apollo, request));
                } finally {
                    if (down != null) {
                        down.setMode(StubSubgraph.Mode.UP);
                    }
                }
                boolean sameData = a.path("data").equals(b.path("data"));
                boolean samePaths = errorPaths(a).equals(errorPaths(b));
                System.out.printf("%-44s data %-4s error paths %-4s %s%n", c.name(), sameData ? "SAME" : "DIFF",
                        samePaths ? "SAME" : "DIFF", errorPaths(a));
                if (!sameData || !samePaths) {
                    differences++;
                    System.out.println("    aspaire: " + a);
                    System.out.println("    apollo:  " + b);
                }
            }
        }
        System.out.println(differences == 0 ? "\nAll " + CASES.size() + " operations: same data and error paths as Apollo Gateway."
                : "\n" + differences + " of " + CASES.size() + " operations differ from Apollo Gateway.");
        System.exit(differences == 0 ? 0 : 1);
    }

    private static TreeSet<String> errorPaths(JsonNode response) {
        TreeSet<String> paths = new TreeSet<>();
        for (JsonNode error : response.path("errors")) {
            paths.add(error.path("path").toString());
        }
        return paths;
    }
}
