package io.aspaire.gateway.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The persisted-query store keeps at most its configured number of queries, least recently used dropped first. */
class PersistedQueriesBoundTest {

    @Test
    void theLeastRecentlyUsedQueryIsDroppedBeyondTheLimit() {
        PersistedQueries store = new PersistedQueries(2);
        String a = "{ a }", b = "{ b }", c = "{ c }";
        register(store, a);
        register(store, b);
        assertEquals(a, lookup(store, a).query(), "a is used: b becomes the least recently used");
        register(store, c);

        assertEquals(2, store.size());
        assertEquals(a, lookup(store, a).query());
        assertEquals(c, lookup(store, c).query());
        PersistedQueries.Lookup dropped = lookup(store, b);
        assertNull(dropped.query());
        assertEquals("PERSISTED_QUERY_NOT_FOUND", ((Map<?, ?>) ((Map<?, ?>) ((java.util.List<?>) dropped.rejection()
                .body().get("errors")).get(0)).get("extensions")).get("code"));
    }

    private static void register(PersistedQueries store, String query) {
        PersistedQueries.Lookup sent = store.resolve(query, extensions(query));
        store.register(sent.hashToRegister(), sent.query());
    }

    private static PersistedQueries.Lookup lookup(PersistedQueries store, String query) {
        return store.resolve(null, extensions(query));
    }

    private static Map<String, Object> extensions(String query) {
        return Map.of("persistedQuery", Map.of("version", 1, "sha256Hash", PersistedQueries.sha256(query)));
    }
}
