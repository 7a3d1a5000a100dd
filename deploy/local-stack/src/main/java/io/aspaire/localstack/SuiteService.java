package io.aspaire.localstack;

import java.util.List;

/** The five services as the local stack starts them: module folder, HTTP port and what they expose. */
enum SuiteService {
    USER("user-service", 8081, "/graphql", "/user, /preferences, /resumes"),
    JOB("job-service", 8082, "/graphql", "/remotive, /serpapi, /jobs"),
    PIPELINE("pipeline-service", 8083, "/graphql", "/applications"),
    AI("ai-service", 8084, "/graphql", "/openai/ws (WebSocket)"),
    GATEWAY("gateway", 8080, "/graphql", "/graphiql (UI)");

    final String module;
    final int port;
    final String graphqlPath;
    final String api;

    SuiteService(String module, int port, String graphqlPath, String api) {
        this.module = module;
        this.port = port;
        this.graphqlPath = graphqlPath;
        this.api = api;
    }

    String baseUrl() {
        return "http://localhost:" + port;
    }

    /** Subgraphs first: the gateway composes the supergraph from them when it starts. */
    static List<SuiteService> subgraphs() {
        return List.of(USER, JOB, PIPELINE, AI);
    }
}
