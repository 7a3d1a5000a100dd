package io.aspaire.jobs.support;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.smallrye.mutiny.Uni;

/** Shared helpers of the job-service tests: GraphQL calls, reactive work awaited, SQL reads of the real PostgreSQL. */
public final class TestSupport {

    private TestSupport() {
    }

    public static ValidatableResponse graphql(String token, String query, Map<String, Object> variables) {
        var req = given().contentType(ContentType.JSON).body(Map.of("query", query, "variables", variables));
        if (token != null) {
            req = req.header("Authorization", "Bearer " + token);
        }
        return req.when().post("/graphql").then().statusCode(200);
    }

    /**
     * Runs reactive work on a Vert.x context of its own (as Hibernate Reactive needs) and waits for it: for the test
     * thread only; the service itself never waits.
     */
    public static <T> T join(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    public static long count(String sql, Object... params) {
        List<Object> rows = join(() -> Panache.withSession(() -> Panache.getSession().chain(s -> {
            var q = s.createNativeQuery(sql, Object.class);
            for (int i = 0; i < params.length; i++) {
                q.setParameter(i + 1, params[i]);
            }
            return q.getResultList();
        })));
        return rows.isEmpty() ? 0 : ((Number) rows.get(0)).longValue();
    }

    @SuppressWarnings("unchecked")
    public static List<Object[]> rows(String sql, Object... params) {
        return join(() -> Panache.withSession(() -> Panache.getSession().chain(s -> {
            var q = s.createNativeQuery(sql, Object[].class);
            for (int i = 0; i < params.length; i++) {
                q.setParameter(i + 1, params[i]);
            }
            return q.getResultList();
        })));
    }
}
