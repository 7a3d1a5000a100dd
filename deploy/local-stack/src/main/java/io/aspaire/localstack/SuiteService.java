package io.aspaire.localstack;

import java.util.List;

/** The five services as the local stack starts them: module folder, default HTTP port and what they expose. */
public enum SuiteService {
    USER("user-service", 8081, "/user, /preferences, /resumes", "USER_SERVICE_GRAPHQL_URL"),
    JOB("job-service", 8082, "/remotive, /serpapi", "JOB_SERVICE_GRAPHQL_URL"),
    PIPELINE("pipeline-service", 8083, "(GraphQL only)", "PIPELINE_SERVICE_GRAPHQL_URL"),
    AI("ai-service", 8084, "/openai/ws (WebSocket)", "AI_SERVICE_GRAPHQL_URL"),
    GATEWAY("gateway", 8080, "/graphiql (UI)", null);

    public final String module;
    public final int defaultPort;
    final String api;
    /** The gateway's variable naming this subgraph's URL. */
    final String gatewayUrlVariable;

    SuiteService(String module, int defaultPort, String api, String gatewayUrlVariable) {
        this.module = module;
        this.defaultPort = defaultPort;
        this.api = api;
        this.gatewayUrlVariable = gatewayUrlVariable;
    }

    /** Subgraphs first: the gateway composes the supergraph from them when it starts. */
    public static List<SuiteService> subgraphs() {
        return List.of(USER, JOB, PIPELINE, AI);
    }
}
