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
 * Greenhouse, Lever and Ashby job boards too: board "acme" answers on each, "gone" is each API's 404 (board not
 * found), Ashby's "down" answers 502.
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
                "quarkus.rest-client.remotive.url", url, "quarkus.rest-client.serpapi.url", url,
                "aspaire.jobs.greenhouse.base-url", url, "aspaire.jobs.lever.base-url", url,
                "aspaire.jobs.ashby.base-url", url);
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

        // company job boards: board "acme" on each ATS, "gone" unknown to each (their 404 answers)
        s.stubFor(greenhouse("acme").willReturn(json("greenhouse-acme.json")));
        s.stubFor(greenhouse("gone").willReturn(notFound("greenhouse-not-found.json")));
        s.stubFor(lever("acme").willReturn(json("lever-acme.json")));
        s.stubFor(lever("gone").willReturn(notFound("lever-not-found.json")));
        s.stubFor(ashby("acme").willReturn(json("ashby-acme.json")));
        s.stubFor(ashby("gone").willReturn(notFound("ashby-not-found.json")));
        s.stubFor(ashby("down").willReturn(aResponse().withStatus(502).withBody("<html>Bad Gateway</html>")));
    }

    public static MappingBuilder greenhouse(String board) {
        return get(urlPathEqualTo("/v1/boards/" + board + "/jobs")).withQueryParam("content", equalTo("true"));
    }

    public static MappingBuilder lever(String company) {
        return get(urlPathEqualTo("/v0/postings/" + company)).withQueryParam("mode", equalTo("json"));
    }

    public static MappingBuilder ashby(String name) {
        return get(urlPathEqualTo("/posting-api/job-board/" + name))
                .withQueryParam("includeCompensation", equalTo("true"));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder notFound(String file) {
        return aResponse().withStatus(404).withHeader("Content-Type", "application/json; charset=utf-8")
                .withBodyFile(file);
    }
}
