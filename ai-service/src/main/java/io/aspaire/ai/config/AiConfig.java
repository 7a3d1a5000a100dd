package io.aspaire.ai.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** ai-service settings (application.properties, environment variables in brackets). */
@ConfigMapping(prefix = "aspaire.ai")
public interface AiConfig {

    OpenAi openai();

    /** Model calls one user may make per hour (cache hits do not count) [AI_CALLS_PER_HOUR]. */
    @WithDefault("60")
    int callsPerHour();

    /** Earlier turns of a conversation sent back to the model as context. */
    @WithDefault("20")
    int chatHistoryTurns();

    /**
     * The longest chat message a client may send, in bytes (frames reassembled); longer ones get PAYLOAD_TOO_LARGE.
     * WebSockets Next enforces it: application.properties sets quarkus.websockets-next.server.max-message-size
     * from this key, so the limit and the error frame that names it cannot disagree.
     */
    @WithDefault("65536")
    int chatMaxMessageSize();

    /** How long each GraphQL operation may take before it answers UNAVAILABLE instead of holding the request. */
    Budgets budgets();

    /** The in-process copy of jobs whose summary was current when last read (SummaryService's cached reads). */
    SummaryCache summaryCache();

    interface SummaryCache {
        /**
         * [AI_SUMMARY_CACHE_MAX_AGE] how long this replica answers a job's summary without reading MongoDB again:
         * the longest another replica may go on answering a listing's previous summary after a JobUpdated it did
         * not consume (the replica that consumes it forgets the job at once). 0s turns the copy off.
         */
        @WithDefault("10s")
        Duration maxAge();

        /** Jobs held at most (each a hash and a summary, ~1 KB); beyond, the least used go first. */
        @WithDefault("10000")
        int maxEntries();
    }

    /** The match score: in-process embeddings, the recommendation index, the backfill. */
    Match match();

    interface Match {
        /** [AI_EMBEDDING_THREADS] threads that compute embeddings (each keeps one CPU busy ~10 ms per text). */
        @WithDefault("1")
        int embeddingThreads();

        /** Texts that may wait for an embedding thread; beyond, an embedding is refused (the event is retried). */
        @WithDefault("256")
        int embeddingQueue();

        /** The longest one embedding may take, queue time included. */
        @WithDefault("30s")
        Duration embeddingTimeout();

        /** How often each replica reads newly embedded listings into its recommendation index. */
        @WithDefault("2s")
        Duration indexRefresh();

        /** How often the backfill looks for stale listings and resumes (read by its @Scheduled). */
        @WithDefault("5s")
        Duration backfillEvery();

        /** Listings and resumes the backfill embeds per pass (one pass at a time). */
        @WithDefault("64")
        int backfillBatch();

        /** How deep recommendedJobs may page (first + offset). */
        @WithDefault("1000")
        int maxRecommendations();
    }

    interface Budgets {
        /** [AI_READ_BUDGET] operations that only read MongoDB (aiUsage, latestSearchTerms, cached summaries). */
        @WithDefault("5s")
        Duration read();

        /**
         * [AI_MODEL_BUDGET] operations that may call the model (summaries, search terms, cover letters), retries
         * included; below the gateway's own request timeout is best, so the caller gets this service's answer.
         */
        @WithDefault("60s")
        Duration model();
    }

    /**
     * What ai-service itself needs to know of the provider; the client (base URL, timeout, temperature, logging) is
     * configured through quarkus.langchain4j.openai.*, from the same environment variables.
     */
    interface OpenAi {
        /** [OPENAI_API_KEY] empty = provider not configured: the service runs, AI operations answer 503. */
        Optional<String> apiKey();

        /** [OPENAI_MODEL] part of the summary cache key and of every ledger entry. */
        @WithDefault("gpt-4o-mini")
        String modelName();
    }
}
