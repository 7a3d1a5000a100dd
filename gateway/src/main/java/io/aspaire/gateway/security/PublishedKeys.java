package io.aspaire.gateway.security;

import java.security.PublicKey;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * The keys that verify tokens when {@code mp.jwt.verify.publickey.location} is a JWKS URL (user-service's
 * {@code /.well-known/jwks.json}): fetched with a non-blocking client, kept as long as the response's
 * {@code Cache-Control: max-age} says ({@code smallrye.jwt.jwks.refresh-interval} minutes without one), fetched again
 * at once when a token names a {@code kid} not in the set (after such a fetch that did not find the kid, no other
 * for {@code smallrye.jwt.jwks.forced-refresh-interval} minutes), and kept when a fetch fails. The same settings as the
 * subgraphs' smallrye-jwt, but the gateway checks tokens on the event loop, where smallrye-jwt's blocking fetch
 * must not run.
 */
@ApplicationScoped
public class PublishedKeys {

    private static final Logger LOG = Logger.getLogger(PublishedKeys.class);
    private static final Pattern MAX_AGE = Pattern.compile("(?:^|[,\\s])max-age\\s*=\\s*(\\d+)");
    /** After a failed fetch, the next request tries again no sooner than this (no stampede on a down user-service). */
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(5);

    private final Optional<String> url;
    private final Duration defaultLifetime;
    private final Duration forcedRefreshInterval;
    private final WebClient client;

    private volatile Map<String, PublicKey> keys = Map.of();
    private volatile long expiresAtNanos = System.nanoTime();
    /** When a fetch for an unknown kid last failed to find it (0: never). */
    private volatile long unknownKidFetchedAt;
    private Uni<Void> inFlight;

    public PublishedKeys(Vertx vertx,
            @ConfigProperty(name = "mp.jwt.verify.publickey.location") Optional<String> location,
            @ConfigProperty(name = "smallrye.jwt.jwks.refresh-interval", defaultValue = "60") int refreshMinutes,
            @ConfigProperty(name = "smallrye.jwt.jwks.forced-refresh-interval", defaultValue = "30") int forcedMinutes) {
        this.url = location.filter(PublishedKeys::isUrl);
        this.defaultLifetime = Duration.ofMinutes(refreshMinutes);
        this.forcedRefreshInterval = Duration.ofMinutes(forcedMinutes);
        this.client = url.isEmpty() ? null : WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout(5_000).setUserAgent("aspaire-gateway"));
    }

    static boolean isUrl(String location) {
        return location.startsWith("http://") || location.startsWith("https://");
    }

    /** True when tokens are verified with the key set of a URL (else with smallrye-jwt's configured key). */
    public boolean enabled() {
        return url.isPresent();
    }

    void onStart(@Observes StartupEvent event) {
        // warm the set in the background; user-service may start later (then the first token waits for the fetch)
        if (enabled()) {
            refresh().subscribe().with(ignored -> { }, failure -> { });
        }
    }

    @PreDestroy
    void close() {
        if (client != null) {
            client.close();
        }
    }

    /**
     * The key for a token's {@code kid} from the set in hand (no fetch): a token without {@code kid} is accepted only
     * while the set holds a single key.
     */
    public Optional<PublicKey> key(String kid) {
        Map<String, PublicKey> current = keys;
        if (kid == null) {
            return current.size() == 1 ? current.values().stream().findFirst() : Optional.empty();
        }
        return Optional.ofNullable(current.get(kid));
    }

    /**
     * What to wait for before a token naming {@code kid} can be checked against the set in hand: nothing (empty) when
     * the set is fresh and knows the kid, or when the kid is unknown but a fetch for an unknown kid found nothing
     * recently; else a fetch (expired set, or a kid not seen yet). The fetch never fails (a failed one keeps the keys).
     */
    public Optional<Uni<Void>> fetchFor(String kid) {
        long now = System.nanoTime();
        boolean expired = now - expiresAtNanos >= 0;
        boolean unknown = kid != null && !keys.containsKey(kid);
        if (!expired && !unknown) {
            return Optional.empty();
        }
        if (expired) {
            return Optional.of(refresh());
        }
        if (unknownKidFetchedAt != 0 && now - unknownKidFetchedAt < forcedRefreshInterval.toNanos()) {
            return Optional.empty(); // refused with the keys in hand: made-up kids cause no fetch each
        }
        LOG.debugf("token names unknown key %s: fetching the key set again", kid);
        // only a fetch that did not find the kid counts against the limit: the next rotation's key is found at once
        return Optional.of(refresh().invoke(() -> {
            if (!keys.containsKey(kid)) {
                unknownKidFetchedAt = now;
            }
        }));
    }

    /** One fetch at a time: concurrent callers share it. */
    private synchronized Uni<Void> refresh() {
        if (inFlight == null) {
            inFlight = client.getAbs(url.get()).timeout(5_000).send()
                    .onItem().invoke(response -> {
                        if (response.statusCode() != 200) {
                            throw new IllegalStateException("HTTP " + response.statusCode());
                        }
                        keys = parse(response.bodyAsString());
                        expiresAtNanos = System.nanoTime() + lifetime(response.getHeader("Cache-Control")).toNanos();
                    })
                    .onFailure().invoke(failure -> {
                        LOG.warnf("cannot fetch the JWT key set from %s (keeping %d keys): %s", url.get(), keys.size(),
                                failure.getMessage());
                        expiresAtNanos = System.nanoTime() + RETRY_AFTER_FAILURE.toNanos();
                    })
                    .onFailure().recoverWithNull()
                    .replaceWithVoid()
                    .eventually(this::fetched)
                    .memoize().indefinitely();
        }
        return inFlight;
    }

    private synchronized void fetched() {
        inFlight = null;
    }

    private Duration lifetime(String cacheControl) {
        if (cacheControl != null) {
            Matcher m = MAX_AGE.matcher(cacheControl);
            if (m.find()) {
                return Duration.ofSeconds(Long.parseLong(m.group(1)));
            }
        }
        return defaultLifetime;
    }

    private static Map<String, PublicKey> parse(String json) {
        try {
            Map<String, PublicKey> parsed = new LinkedHashMap<>();
            for (JsonWebKey jwk : new JsonWebKeySet(json).getJsonWebKeys()) {
                if (jwk instanceof PublicJsonWebKey key && jwk.getKeyId() != null
                        && (jwk.getUse() == null || "sig".equals(jwk.getUse()))) {
                    parsed.put(jwk.getKeyId(), key.getPublicKey());
                }
            }
            return Map.copyOf(parsed);
        } catch (Exception e) {
            throw new IllegalStateException("not a JWK set: " + e.getMessage(), e);
        }
    }
}
