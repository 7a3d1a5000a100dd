package io.aspaire.gateway.config;

import java.time.Duration;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Everything the gateway reads from configuration ({@code aspaire.gateway.*}).
 * <p>
 * Subgraphs are a map so that any set of subgraphs can be configured (tests point it at stub subgraphs);
 * the map key is the subgraph name used in logs, errors ({@code extensions.serviceName}) and health output.
 */
@ConfigMapping(prefix = "aspaire.gateway")
public interface GatewayConfig {

    /** Subgraphs by name, e.g. {@code aspaire.gateway.subgraphs.users.url}. */
    Map<String, Subgraph> subgraphs();

    Composition composition();

    Limits limits();

    DeletedAccounts deletedAccounts();

    PersistedQueries persistedQueries();

    Subscriptions subscriptions();

    interface Subscriptions {
        /**
         * Messages the gateway holds for one WebSocket client (events being resolved or written but not yet taken by
         * the client's TCP connection): beyond it the client is too slow and its connection is closed with code 1013
         * ("Try Again Later"), so a slow client never makes the gateway buffer without bound.
         */
        @WithDefault("100")
        int maxPendingMessages();

        /** Time a client has after the upgrade to send {@code connection_init} (then closed with 4408). */
        @WithDefault("10s")
        Duration connectionInitTimeout();

        /**
         * WebSockets the gateway may hold to one subgraph (one per open subscription). Vert.x's own default is 50,
         * and the 51st subscription then waited for a free connection for ever, never reaching the subgraph.
         */
        @WithDefault("10000")
        int maxUpstreamConnections();
    }

    interface PersistedQueries {
        /**
         * Automatic persisted queries kept in memory (least recently used dropped first); each is at most
         * {@code limits.max-query-length} characters.
         */
        @WithDefault("1000")
        int maxEntries();
    }

    interface DeletedAccounts {
        /**
         * How long user-service's access tokens live ({@code aspaire.users.access-token-lifetime}): a deleted
         * account is remembered that long (plus clock skew), after which its tokens have expired anyway.
         */
        @WithDefault("PT15M")
        Duration accessTokenLifetime();
    }

    interface Subgraph {
        /** GraphQL endpoint of the subgraph (POST application/json). */
        String url();

        /** Upper bound for one request to this subgraph (queries, mutations and {@code _entities}). */
        @WithDefault("10s")
        Duration timeout();
    }

    interface Composition {
        /** How often the subgraph SDLs are fetched again once every subgraph has answered; 0 disables polling. */
        @WithDefault("30s")
        Duration pollInterval();

        /** Delay before fetching again while at least one subgraph is missing (down at start, or failing). */
        @WithDefault("3s")
        Duration retryInterval();

        /** Timeout of one {@code _service { sdl }} request. */
        @WithDefault("5s")
        Duration sdlTimeout();
    }

    interface Limits {
        /** Maximum nesting depth of fields in an operation (introspection fields are not counted). */
        @WithDefault("15")
        int maxDepth();

        /**
         * Maximum estimated cost: every field costs 1, and everything below a list field is multiplied by the list's
         * size estimate (its {@code first}/{@code last}/{@code limit}/{@code size}/{@code take} argument, or
         * {@link #defaultListSize()}).
         */
        @WithDefault("10000")
        int maxCost();

        /** Size assumed for list fields without a size argument when estimating cost. */
        @WithDefault("10")
        int defaultListSize();

        /** Maximum length of the query text, in characters. */
        @WithDefault("32768")
        int maxQueryLength();

        /** Maximum number of lexical tokens in the query text (protects the parser). */
        @WithDefault("5000")
        int maxTokens();

        /**
         * Maximum number of field selections once fragments are expanded (counted on the fragment graph, without
         * expanding it: protects against fragment "bombs"). Applies to every operation and fragment of a document.
         */
        @WithDefault("2000")
        int maxFields();

        /** Maximum number of aliased field selections once fragments are expanded (one field asked many times). */
        @WithDefault("30")
        int maxAliases();

        /** Maximum size of an HTTP request body (query + variables). */
        @WithDefault("1048576")
        int maxRequestBytes();
    }
}
