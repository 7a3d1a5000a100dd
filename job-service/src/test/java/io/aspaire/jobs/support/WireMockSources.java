package io.aspaire.jobs.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Remotive and SerpAPI played by WireMock, once per test JVM on a free port, with payloads in the APIs' documented
 * formats (src/test/resources/wiremock/__files). Searches name the scenario:
 * <ul>
 * <li>"backend": both sources answer (SerpAPI on two pages); one job is on both;</li>
 * <li>"outage": Remotive answers 500, SerpAPI answers; "slow": Remotive is too slow (timeout), SerpAPI answers;</li>
 * <li>"serpdown": SerpAPI answers 503, Remotive answers; "throttled": Remotive answers 429;</li>
 * <li>"garbled": both answer 200 with unusable bodies; "nothing": both answer "no results".</li>
 * </ul>
 */
public class WireMockSources implements QuarkusTestResourceLifecycleManager {

    private static WireMockServer server;

    public static synchronized WireMockServer server() {
        if (server == null) {
            server = new WireMockServer(options().dynamicPort().usingFilesUnderClasspath("wiremock"));
            server.start();
            stubs(server);
        }
        return server;
    }

    @Override
    public Map<String, String> start() {
        String url = server().baseUrl();
        return Map.of("REMOTIVE_BASE_URL", url, "SERPAPI_BASE_URL", url, "SERPAPI_API_KEY", "test-key",
                "quarkus.rest-client.remotive.url", url, "quarkus.rest-client.serpapi.url", url);
    }

    @Override
    public void stop() {
        // shared by every test class of the JVM
    }

    private static MappingBuilder remotive(String search) {
        return get(urlPathEqualTo("/api/remote-jobs")).withQueryParam("search", equalTo(search));
    }

    private static MappingBuilder serpapi(String q) {
        return get(urlPathEqualTo("/search.json")).withQueryParam("engine", equalTo("google_jobs"))
                .withQueryParam("api_key", equalTo("test-key")).withQueryParam("q", containing(q));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String file) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json; charset=utf-8")
                .withBodyFile(file);
    }

    static void stubs(WireMockServer s) {
        s.stubFor(remotive("backend").willReturn(json("remotive-backend.json")));
        s.stubFor(serpapi("backend").withQueryParam("next_page_token", absent())
                .willReturn(json("serpapi-backend-p1.json")));
        s.stubFor(serpapi("backend").withQueryParam("next_page_token", equalTo("tok2"))
                .willReturn(json("serpapi-backend-p2.json")));

        s.stubFor(remotive("outage").willReturn(aResponse().withStatus(500).withBody("Internal Server Error")));
        s.stubFor(serpapi("outage").willReturn(json("serpapi-companion.json")));

        s.stubFor(remotive("slow").willReturn(json("remotive-empty.json").withFixedDelay(4_000)));
        s.stubFor(serpapi("slow").willReturn(json("serpapi-companion.json")));

        s.stubFor(remotive("serpdown").willReturn(json("remotive-outage-companion.json")));
        s.stubFor(serpapi("serpdown").willReturn(aResponse().withStatus(503).withBody("<html>busy</html>")));

        s.stubFor(remotive("throttled").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "60")));
        s.stubFor(serpapi("throttled").willReturn(json("serpapi-no-results.json")));

        s.stubFor(remotive("garbled").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("<html><body>Maintenance</body></html>")));
        s.stubFor(serpapi("garbled").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"jobs_results\": \"oops\"}")));

        s.stubFor(remotive("nothing").willReturn(json("remotive-empty.json")));
        s.stubFor(serpapi("nothing").willReturn(json("serpapi-no-results.json")));
    }
}
