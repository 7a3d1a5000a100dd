package io.aspaire.localstack;

import java.util.List;

/**
 * The five services as the local stack starts them: module folder, default HTTP port, what they expose and their
 * heap.
 */
public enum SuiteService {
    USER("user-service", 8081, "/user, /preferences, /resumes", "USER_SERVICE_GRAPHQL_URL", 256),
    JOB("job-service", 8082, "/remotive, /serpapi", "JOB_SERVICE_GRAPHQL_URL", 256),
    PIPELINE("pipeline-service", 8083, "(GraphQL only)", "PIPELINE_SERVICE_GRAPHQL_URL", 256),
    // the match score's embedding model is read into the heap when it loads (about 90 MB, copied once), and its
    // index holds 1.5 KB per listing: 256 MB ends in OutOfMemoryError while the model loads
    AI("ai-service", 8084, "/openai/ws (WebSocket)", "AI_SERVICE_GRAPHQL_URL", 640),
    GATEWAY("gateway", 8080, "/graphiql (UI)", null, 256);

    public final String module;
    public final int defaultPort;
    final String api;
    /** The gateway's variable naming this subgraph's URL. */
    final String gatewayUrlVariable;
    /** -Xmx of the service's JVM, in MB. */
    final int heapMegabytes;

    SuiteService(String module, int defaultPort, String api, String gatewayUrlVariable, int heapMegabytes) {
        this.module = module;
        this.defaultPort = defaultPort;
        this.api = api;
        this.gatewayUrlVariable = gatewayUrlVariable;
        this.heapMegabytes = heapMegabytes;
    }

    /** Subgraphs first: the gateway composes the supergraph from them when it starts. */
    public static List<SuiteService> subgraphs() {
        return List.of(USER, JOB, PIPELINE, AI);
    }
}
