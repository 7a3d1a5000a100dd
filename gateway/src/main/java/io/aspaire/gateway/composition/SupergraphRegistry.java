package io.aspaire.gateway.composition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.aspaire.gateway.config.GatewayConfig;
import io.aspaire.gateway.execution.SubgraphClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * Holds the supergraph being served and keeps it fresh: at start, then on a timer (fast retries while a subgraph
 * is missing, the poll interval otherwise) and on demand, it fetches every subgraph's {@code _service { sdl }} and
 * composes again when an SDL changed.
 * <p>
 * A subgraph that does not answer keeps its last known SDL. When composition fails, the last good supergraph keeps
 * serving and the errors are logged and exposed; if there is none yet, the gateway serves the largest prefix of
 * subgraphs (in name order) that composes, so one broken subgraph does not take the others down.
 */
@ApplicationScoped
public class SupergraphRegistry {

    private static final Logger LOG = Logger.getLogger(SupergraphRegistry.class);
    static final String SDL_QUERY = "query __ApolloGetServiceDefinition__ { _service { sdl } }";

    private final GatewayConfig config;
    private final SubgraphClient client;
    private final Vertx vertx;
    private final SupergraphComposer composer = new SupergraphComposer();

    private final Map<String, String> sdls = new ConcurrentHashMap<>();
    private final Map<String, String> subgraphErrors = new ConcurrentHashMap<>();
    private volatile Supergraph current;
    private volatile List<String> compositionErrors = List.of();
    private Map<String, String> lastInput;
    private Uni<CompositionStatus> inFlight;
    private volatile long timerId = -1;
    private volatile boolean stopped;

    public SupergraphRegistry(GatewayConfig config, SubgraphClient client, Vertx vertx) {
        this.config = config;
        this.client = client;
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent event) {
        LOG.infof("Composing supergraph from subgraphs %s", subgraphNames());
        refreshAndReschedule();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopped = true;
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    /** The supergraph being served, or {@code null} before the first successful composition. */
    public Supergraph current() {
        return current;
    }

    public CompositionStatus status() {
        Supergraph served = current;
        List<String> composed = served == null ? List.of() : List.copyOf(served.subgraphNames());
        List<String> missing = subgraphNames().stream().filter(n -> !composed.contains(n)).toList();
        return new CompositionStatus(served != null, served == null ? null : served.composedAt(), composed, missing,
                new TreeMap<>(subgraphErrors), compositionErrors);
    }

    /** Fetches all SDLs and composes if anything changed; concurrent callers share one refresh. */
    public synchronized Uni<CompositionStatus> refresh() {
        if (inFlight == null) {
            inFlight = fetchAll()
                    .map(ignored -> {
                        composeIfChanged();
                        return status();
                    })
                    .eventually(() -> {
                        synchronized (this) {
                            inFlight = null;
                        }
                    })
                    .memoize().indefinitely();
        }
        return inFlight;
    }

    private void refreshAndReschedule() {
        refresh().subscribe().with(status -> reschedule(status), failure -> {
            LOG.error("Supergraph refresh failed", failure);
            reschedule(status());
        });
    }

    private void reschedule(CompositionStatus status) {
        if (stopped) {
            return;
        }
        boolean incomplete = !status.missingSubgraphs().isEmpty() || !subgraphErrors.isEmpty();
        long delay = (incomplete ? config.composition().retryInterval() : config.composition().pollInterval()).toMillis();
        if (delay > 0) {
            timerId = vertx.setTimer(delay, id -> refreshAndReschedule());
        }
    }

    private List<String> subgraphNames() {
        return new ArrayList<>(new TreeMap<>(config.subgraphs()).keySet());
    }

    private Uni<Void> fetchAll() {
        List<Uni<Void>> fetches = new ArrayList<>();
        for (String name : subgraphNames()) {
            GatewayConfig.Subgraph subgraph = config.subgraphs().get(name);
            fetches.add(client.post(subgraph.url(), config.composition().sdlTimeout(), Map.of("query", SDL_QUERY), Map.of())
                    .map(response -> {
                        if (response.data() != null && response.data().get("_service") instanceof Map<?, ?> service
                                && service.get("sdl") instanceof String sdl) {
                            return sdl;
                        }
                        Object message = response.errors().isEmpty() ? "no _service.sdl in the response"
                                : response.errors().get(0).get("message");
                        throw new IllegalStateException(String.valueOf(message));
                    })
                    .onItem().invoke(sdl -> {
                        sdls.put(name, sdl);
                        if (subgraphErrors.remove(name) != null) {
                            LOG.infof("Subgraph %s is reachable again", name);
                        }
                    })
                    .onFailure().recoverWithItem(failure -> {
                        String previous = subgraphErrors.put(name, "cannot fetch SDL from " + subgraph.url() + ": "
                                + failure.getMessage());
                        if (previous == null) {
                            LOG.warnf("Subgraph %s: cannot fetch its SDL from %s (%s)%s", name, subgraph.url(),
                                    failure.getMessage(), sdls.containsKey(name) ? "; keeping its last known SDL"
                                            : "; will retry");
                        }
                        return null;
                    })
                    .replaceWithVoid());
        }
        return Uni.join().all(fetches).andCollectFailures().replaceWithVoid();
    }

    private synchronized void composeIfChanged() {
        Map<String, String> input = new LinkedHashMap<>();
        for (String name : subgraphNames()) {
            if (sdls.containsKey(name)) {
                input.put(name, sdls.get(name));
            }
        }
        if (input.isEmpty() || Objects.equals(input, lastInput)) {
            return;
        }
        lastInput = input;
        try {
            Supergraph composed = compose(input);
            current = composed;
            compositionErrors = List.of();
            LOG.infof("Supergraph composed from %s; root fields: %s", composed.subgraphNames(), composed.rootFieldOwners());
        } catch (CompositionException e) {
            compositionErrors = e.errors();
            if (current != null) {
                LOG.errorf("%s%nStill serving the last good supergraph (subgraphs %s).", e.getMessage(),
                        current.subgraphNames());
                return;
            }
            LOG.errorf("%s%nTrying to serve the subgraphs that compose.", e.getMessage());
            Map<String, String> accepted = new LinkedHashMap<>();
            Supergraph best = null;
            for (var entry : input.entrySet()) {
                Map<String, String> attempt = new LinkedHashMap<>(accepted);
                attempt.put(entry.getKey(), entry.getValue());
                try {
                    best = compose(attempt);
                    accepted = attempt;
                } catch (CompositionException ignored) {
                    LOG.errorf("Leaving subgraph %s out of the supergraph: %s", entry.getKey(), ignored.errors());
                }
            }
            if (best != null) {
                current = best;
                LOG.infof("Supergraph composed from %s; root fields: %s", best.subgraphNames(), best.rootFieldOwners());
            }
        }
    }

    /** Parses fresh SubgraphSchemas for every attempt: composition marks fields (e.g. @override) in them. */
    private Supergraph compose(Map<String, String> input) throws CompositionException {
        List<SubgraphSchema> schemas = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (var entry : input.entrySet()) {
            try {
                schemas.add(SubgraphSchema.parse(entry.getKey(), entry.getValue()));
            } catch (CompositionException e) {
                errors.addAll(e.errors());
            }
        }
        if (!errors.isEmpty()) {
            throw new CompositionException(errors);
        }
        return composer.compose(schemas);
    }
}
