package io.aspaire.gateway.execution;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.aspaire.gateway.config.GatewayConfig;
import io.aspaire.gateway.metrics.GatewayMetrics;
import io.aspaire.gateway.planning.EntityFetch;
import io.aspaire.gateway.planning.FetchGroup;
import io.aspaire.gateway.planning.QueryPlan;
import io.aspaire.gateway.planning.RepresentationShape;
import io.smallrye.mutiny.Uni;

/**
 * Runs a {@link QueryPlan}: stages in order, and inside a stage every fetch as soon as its dependencies are done.
 * A failing fetch never fails the plan — it becomes an error, and the fields it should have provided stay missing
 * (result shaping then applies the nullability rules).
 */
@ApplicationScoped
public class PlanExecutor {

    private final SubgraphClient client;
    private final GatewayConfig config;
    private final GatewayMetrics metrics;

    public PlanExecutor(SubgraphClient client, GatewayConfig config, GatewayMetrics metrics) {
        this.client = client;
        this.config = config;
        this.metrics = metrics;
    }

    public Uni<ExecutionState> execute(QueryPlan plan, Map<String, Object> variables, Map<String, String> headers) {
        ExecutionState state = new ExecutionState();
        Uni<Void> run = Uni.createFrom().voidItem();
        for (List<FetchGroup> stage : plan.stages()) {
            run = run.chain(() -> runStage(stage, state, variables, headers));
        }
        return run.replaceWith(state);
    }

    /**
     * One event of a subscription: {@code event} is what the subgraph sent for the subscription's root group (its
     * {@code data} and {@code errors}); the plan's entity groups then resolve the fields other subgraphs own, in
     * batches, exactly as for a query.
     */
    public Uni<ExecutionState> executeEvent(QueryPlan plan, SubgraphResponse event, Map<String, Object> variables,
            Map<String, String> headers) {
        FetchGroup root = plan.subscriptionRoot();
        ExecutionState state = new ExecutionState();
        state.mergeRoot(event.data());
        for (Map<String, Object> error : event.errors()) {
            state.addError(downstreamError(error, root, error.get("path")));
        }
        Uni<Void> run = Uni.createFrom().voidItem();
        for (List<FetchGroup> stage : plan.stages()) {
            List<FetchGroup> entityGroups = stage.stream().filter(g -> g != root).toList();
            run = run.chain(() -> runStage(entityGroups, state, variables, headers));
        }
        return run.replaceWith(state);
    }

    private Uni<Void> runStage(List<FetchGroup> stage, ExecutionState state, Map<String, Object> variables,
            Map<String, String> headers) {
        // Groups are created after their dependencies, so one pass in order builds the whole DAG.
        Map<FetchGroup, Uni<Void>> runs = new HashMap<>();
        for (FetchGroup group : stage) {
            List<Uni<Void>> before = new ArrayList<>();
            for (FetchGroup dependency : group.dependencies()) {
                Uni<Void> dependencyRun = runs.get(dependency);
                if (dependencyRun != null) { // null: an earlier stage, already done
                    before.add(dependencyRun);
                }
            }
            Uni<Void> start = before.isEmpty() ? Uni.createFrom().voidItem()
                    : Uni.join().all(before).andCollectFailures().replaceWithVoid();
            runs.put(group, start.chain(() -> fetch(group, state, variables, headers)).memoize().indefinitely());
        }
        if (runs.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join().all(new ArrayList<>(runs.values())).andCollectFailures().replaceWithVoid();
    }

    private Uni<Void> fetch(FetchGroup group, ExecutionState state, Map<String, Object> variables,
            Map<String, String> headers) {
        GatewayConfig.Subgraph subgraph = config.subgraphs().get(group.subgraph());
        if (subgraph == null) {
            state.addError(failure(group, "subgraph is no longer configured", false));
            return Uni.createFrom().voidItem();
        }
        Map<String, Object> requestVariables = new LinkedHashMap<>();
        for (String name : group.variableNames()) {
            if (variables.containsKey(name)) {
                requestVariables.put(name, variables.get(name));
            }
        }
        List<Batch> batches = new ArrayList<>();
        if (group.kind() == FetchGroup.Kind.ENTITY) {
            int total = 0;
            for (EntityFetch fetch : group.entityFetches()) {
                Batch batch = collect(fetch, state);
                batches.add(batch);
                requestVariables.put(fetch.variableName(), batch.representations);
                total += batch.representations.size();
            }
            if (total == 0) {
                return Uni.createFrom().voidItem(); // nothing to resolve (empty lists, nulls or failed parents)
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", group.operationText());
        if (!requestVariables.isEmpty()) {
            body.put("variables", requestVariables);
        }
        Duration timeout = subgraph.timeout();
        long started = System.nanoTime();
        return client.post(subgraph.url(), timeout, body, headers)
                .onItem().invoke(response -> metrics.subgraphFetched(group.subgraph(), response.unauthorized()
                        ? "unauthorized" : response.errors().isEmpty() ? "success" : "errors", System.nanoTime() - started))
                .onFailure().invoke(failure -> metrics.subgraphFetched(group.subgraph(), "failed", System.nanoTime() - started))
                .onItem().invoke(response -> {
                    if (response.unauthorized()) {
                        state.markUnauthorized();
                    } else if (group.kind() == FetchGroup.Kind.ROOT) {
                        state.mergeRoot(response.data());
                        for (Map<String, Object> error : response.errors()) {
                            state.addError(downstreamError(error, group, error.get("path")));
                        }
                    } else {
                        mergeEntities(group, batches, response, state);
                    }
                })
                .onFailure().recoverWithItem(failure -> {
                    state.addError(failure(group, failure.getMessage(), group.isMutation()
                            && failure instanceof SubgraphRequestException e && e.answerLost()));
                    return null;
                })
                .replaceWithVoid();
    }

    /** Where the entities of one {@code _entities} call sit in the response, and their de-duplicated representations. */
    private static final class Batch {
        final EntityFetch fetch;
        final List<Map<String, Object>> representations = new ArrayList<>();
        final List<List<Target>> targets = new ArrayList<>();

        Batch(EntityFetch fetch) {
            this.fetch = fetch;
        }
    }

    private record Target(Map<String, Object> object, List<Object> path) {
    }

    private Batch collect(EntityFetch fetch, ExecutionState state) {
        Batch batch = new Batch(fetch);
        Map<Map<String, Object>, Integer> index = new HashMap<>();
        walk(state.data(), fetch.path(), 0, new ArrayList<>(), (object, path) -> {
            Object typename = object.get("__typename");
            RepresentationShape shape = typename instanceof String t ? fetch.shapes().get(t) : null;
            if (shape == null) {
                return;
            }
            Map<String, Object> representation = shape.build((String) typename, object);
            if (representation == null) {
                return; // key or required fields missing: a parent fetch failed there
            }
            // the representation is its own identity (maps and lists compare by content)
            Integer i = index.get(representation);
            if (i == null) {
                i = batch.representations.size();
                index.put(representation, i);
                batch.representations.add(representation);
                batch.targets.add(new ArrayList<>());
            }
            batch.targets.get(i).add(new Target(object, List.copyOf(path)));
        });
        return batch;
    }

    private interface Visitor {
        void visit(Map<String, Object> object, List<Object> path);
    }

    @SuppressWarnings("unchecked")
    private static void walk(Object node, List<String> path, int depth, List<Object> concretePath, Visitor visitor) {
        if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                concretePath.add(i);
                walk(list.get(i), path, depth, concretePath, visitor);
                concretePath.remove(concretePath.size() - 1);
            }
        } else if (node instanceof Map<?, ?> map) {
            if (depth == path.size()) {
                visitor.visit((Map<String, Object>) map, concretePath);
                return;
            }
            String key = path.get(depth);
            concretePath.add(key);
            walk(map.get(key), path, depth + 1, concretePath, visitor);
            concretePath.remove(concretePath.size() - 1);
        }
    }

    @SuppressWarnings("unchecked")
    private void mergeEntities(FetchGroup group, List<Batch> batches, SubgraphResponse response, ExecutionState state) {
        Map<String, Object> data = response.data();
        for (Batch batch : batches) {
            Object results = data == null ? null : data.get(batch.fetch.alias());
            if (!(results instanceof List<?> list)) {
                continue;
            }
            for (int i = 0; i < list.size() && i < batch.targets.size(); i++) {
                if (list.get(i) instanceof Map<?, ?> entity) {
                    for (Target target : batch.targets.get(i)) {
                        state.mergeEntity(target.object(), (Map<String, Object>) entity);
                    }
                }
            }
        }
        for (Map<String, Object> error : response.errors()) {
            boolean mapped = false;
            if (error.get("path") instanceof List<?> path && path.size() >= 2 && path.get(1) instanceof Number n) {
                for (Batch batch : batches) {
                    int i = n.intValue();
                    if (batch.fetch.alias().equals(path.get(0)) && i >= 0 && i < batch.targets.size()) {
                        for (Target target : batch.targets.get(i)) {
                            List<Object> rewritten = new ArrayList<>(target.path());
                            rewritten.addAll(path.subList(2, path.size()));
                            state.addError(downstreamError(error, group, rewritten));
                        }
                        mapped = true;
                    }
                }
            }
            if (!mapped) {
                state.addError(downstreamError(error, group, null));
            }
        }
    }

    /** A subgraph's own error, re-pathed into the client's response and tagged with the subgraph name. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> downstreamError(Map<String, Object> error, FetchGroup group, Object path) {
        Map<String, Object> result = new LinkedHashMap<>();
        Object message = error.get("message");
        result.put("message", message != null ? message
                : "Error while fetching subquery from service \"" + group.subgraph() + "\"");
        if (path instanceof List<?> list && !list.isEmpty()) {
            result.put("path", list);
        }
        Map<String, Object> extensions = new LinkedHashMap<>();
        if (error.get("extensions") instanceof Map<?, ?> original) {
            extensions.putAll((Map<String, Object>) original);
        }
        extensions.putIfAbsent("code", "DOWNSTREAM_SERVICE_ERROR");
        extensions.put("serviceName", group.subgraph());
        result.put("extensions", extensions);
        return result;
    }

    /**
     * The request itself failed: no path (as Apollo Gateway), but the fields it would have resolved are listed. When a
     * mutation was sent and its answer lost, {@code outcome: UNKNOWN} tells the client that the change may have been
     * applied: read before repeating it.
     */
    private static Map<String, Object> failure(FetchGroup group, String reason, boolean outcomeUnknown) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", "Request to subgraph \"" + group.subgraph() + "\" failed: " + reason);
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("code", "SUBGRAPH_REQUEST_FAILED");
        extensions.put("serviceName", group.subgraph());
        extensions.put("fields", List.copyOf(group.resolvedFields()));
        if (outcomeUnknown) {
            extensions.put("outcome", "UNKNOWN");
        }
        error.put("extensions", extensions);
        return error;
    }
}
