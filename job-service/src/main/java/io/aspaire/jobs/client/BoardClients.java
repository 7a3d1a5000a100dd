package io.aspaire.jobs.client;

import java.net.URI;
import java.util.concurrent.TimeUnit;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;

/** The REST client of a job-board API, on the base URL its source's configuration names. */
final class BoardClients {

    private BoardClients() {
    }

    static <T> T at(String baseUrl, Class<T> api) {
        return QuarkusRestClientBuilder.newBuilder().baseUri(URI.create(baseUrl))
                .connectTimeout(5, TimeUnit.SECONDS).readTimeout(20, TimeUnit.SECONDS).build(api);
    }
}
