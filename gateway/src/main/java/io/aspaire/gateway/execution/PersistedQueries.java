package io.aspaire.gateway.execution;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.aspaire.gateway.config.GatewayConfig;

/**
 * Automatic persisted queries as Apollo Client's persisted-queries link sends them: a request carries
 * {@code extensions.persistedQuery = {version: 1, sha256Hash}} and no query; the gateway answers
 * {@code PersistedQueryNotFound} (HTTP 200, {@code extensions.code: PERSISTED_QUERY_NOT_FOUND}) until the client
 * sends the query once with its hash, which registers it. The same works over GET ({@code extensions} as a JSON
 * query parameter), so hashed queries fit in a URL and can be cached by the HTTP layer. A query whose SHA-256 is not
 * the hash sent with it is refused (HTTP 400, {@code PERSISTED_QUERY_HASH_MISMATCH}): a client cannot register a
 * query under another query's hash.
 * <p>
 * Bounded: at most {@code aspaire.gateway.persisted-queries.max-entries} queries, least recently used dropped first
 * (a dropped query costs the client one more round trip, nothing else). Each query is already bounded by
 * {@code limits.max-query-length}. Per gateway instance: behind a load balancer a client may register the same query
 * once per instance, which Apollo Client does by itself on {@code PersistedQueryNotFound}.
 */
@ApplicationScoped
public class PersistedQueries {

    /** What to run: the query text (looked up or sent), or the error to answer instead. */
    public record Lookup(String query, String hashToRegister, GraphQLResult rejection) {
    }

    private final int maxEntries;
    private final Map<String, String> byHash;

    @Inject
    public PersistedQueries(GatewayConfig config) {
        this(config.persistedQueries().maxEntries());
    }

    PersistedQueries(int maxEntries) {
        this.maxEntries = maxEntries;
        this.byHash = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /**
     * The request's query once persisted-query extensions are applied. Without {@code extensions.persistedQuery} the
     * query is returned as sent.
     */
    public Lookup resolve(String query, Object extensions) {
        Object persisted = extensions instanceof Map<?, ?> map ? map.get("persistedQuery") : null;
        if (persisted == null) {
            return new Lookup(query, null, null);
        }
        if (!(persisted instanceof Map<?, ?> persistedQuery)) {
            return badRequest("\"extensions.persistedQuery\" must be a JSON object.");
        }
        Object version = persistedQuery.get("version");
        if (!(version instanceof Number number) || number.intValue() != 1 || number.doubleValue() != 1) {
            return badRequest("Unsupported persisted query version");
        }
        if (!(persistedQuery.get("sha256Hash") instanceof String hash) || !hash.matches("[0-9a-fA-F]{64}")) {
            return badRequest("\"extensions.persistedQuery.sha256Hash\" must be a SHA-256 hash (64 hexadecimal digits).");
        }
        String key = hash.toLowerCase();
        if (query == null || query.isEmpty()) {
            String known;
            synchronized (byHash) {
                known = byHash.get(key);
            }
            if (known == null) {
                return new Lookup(null, null, GraphQLResult.error(GraphQLResult.Kind.EXECUTED, "PersistedQueryNotFound",
                        Map.of("code", "PERSISTED_QUERY_NOT_FOUND")));
            }
            return new Lookup(known, null, null);
        }
        if (!sha256(query).equals(key)) {
            return new Lookup(null, null, GraphQLResult.error(GraphQLResult.Kind.REQUEST_ERROR,
                    "provided sha does not match query", Map.of("code", "PERSISTED_QUERY_HASH_MISMATCH")));
        }
        return new Lookup(query, key, null);
    }

    /** Remembers a query that was sent with its (checked) hash; called once the query has parsed. */
    public void register(String hash, String query) {
        synchronized (byHash) {
            byHash.put(hash, query);
        }
    }

    int size() {
        synchronized (byHash) {
            return byHash.size();
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static Lookup badRequest(String message) {
        return new Lookup(null, null, GraphQLResult.error(GraphQLResult.Kind.REQUEST_ERROR, message,
                Map.of("code", "BAD_REQUEST")));
    }
}
