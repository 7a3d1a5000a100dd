package io.aspaire.users.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.aspaire.users.support.Api;
import io.aspaire.localstack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Preferences over REST and GraphQL, with validation messages. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
public class PreferencesTest {

    public static Map<String, Object> sample() {
        Map<String, Object> sample = new java.util.LinkedHashMap<>();
        sample.put("jobTitles", List.of("Backend Engineer", "backend engineer", "Platform Engineer"));
        sample.put("locations", List.of("Berlin", "Remote"));
        sample.put("skills", List.of("Java", "Kafka"));
        sample.put("industries", List.of("Fintech"));
        sample.put("remote", "HYBRID");
        sample.put("salaryMin", 70000);
        sample.put("salaryMax", 95000);
        sample.put("salaryCurrency", "EUR");
        sample.put("jobTypes", List.of("FULL_TIME", "CONTRACT"));
        sample.put("notifications", Map.of("email", false, "reminders", true));
        sample.put("pageSize", 50);
        // the same board twice (board names are case-insensitive) is kept once; a blank company is none
        sample.put("watchedCompanies", List.of(Map.of("ats", "GREENHOUSE", "board", "Acme", "company", " Acme "),
                Map.of("ats", "GREENHOUSE", "board", "acme"), Map.of("ats", "LEVER", "board", "acme-labs", "company", " ")));
        return sample;
    }

    @Test
    void defaultsThenPutThenGet() {
        Api.Session user = Api.newUser("prefs");
        user.auth().get("/preferences").then().statusCode(200)
                .body("userId", equalTo(user.id().toString()))
                .body("pageSize", equalTo(20))
                .body("notifications.email", equalTo(true))
                .body("jobTitles.size()", equalTo(0));
        user.auth().contentType(ContentType.JSON).body(sample()).put("/preferences").then().statusCode(200)
                // duplicates (ignoring case) are dropped, order kept
                .body("jobTitles", equalTo(List.of("Backend Engineer", "Platform Engineer")))
                .body("remote", equalTo("HYBRID"))
                .body("salaryMin", equalTo(70000.0f))
                .body("notifications.email", equalTo(false));
        user.auth().get("/preferences/" + user.id()).then().statusCode(200)
                .body("pageSize", equalTo(50))
                .body("jobTypes", equalTo(List.of("FULL_TIME", "CONTRACT")))
                .body("watchedCompanies.size()", equalTo(2))
                .body("watchedCompanies[0].ats", equalTo("GREENHOUSE"))
                .body("watchedCompanies[0].board", equalTo("acme"))
                .body("watchedCompanies[0].company", equalTo("Acme"))
                .body("watchedCompanies[1].ats", equalTo("LEVER"))
                .body("watchedCompanies[1].board", equalTo("acme-labs"))
                .body("watchedCompanies[1].company", nullValue())
                .body("updatedAt", org.hamcrest.Matchers.notNullValue());
        // PUT replaces the whole set
        user.auth().contentType(ContentType.JSON).body(Map.of("skills", List.of("Go")))
                .put("/preferences").then().statusCode(200)
                .body("skills", equalTo(List.of("Go")))
                .body("jobTitles.size()", equalTo(0))
                .body("remote", nullValue())
                .body("watchedCompanies.size()", equalTo(0))
                .body("pageSize", equalTo(20));
    }

    @Test
    void invalidPreferencesAreRejectedWithClearMessages() {
        Api.Session user = Api.newUser("prefs-bad");
        user.auth().contentType(ContentType.JSON)
                .body(Map.of("salaryMin", 100000, "salaryMax", 50000, "salaryCurrency", "EUR"))
                .put("/preferences").then().statusCode(400)
                .body("code", equalTo("BAD_REQUEST"))
                .body("message", equalTo("salaryMin (100000) must not be greater than salaryMax (50000)"));
        user.auth().contentType(ContentType.JSON).body(Map.of("salaryMin", 1000))
                .put("/preferences").then().statusCode(400).body("message", containsString("salaryCurrency"));
        user.auth().contentType(ContentType.JSON)
                .body(Map.of("salaryCurrency", "euro", "pageSize", 0, "salaryMin", -5))
                .put("/preferences").then().statusCode(400)
                .body("errors.field", hasItem("salaryCurrency"))
                .body("errors.field", hasItem("pageSize"))
                .body("errors.field", hasItem("salaryMin"));
        user.auth().contentType(ContentType.JSON).body(Map.of("remote", "SOMETIMES"))
                .put("/preferences").then().statusCode(400);
        user.auth().contentType(ContentType.JSON).body(Map.of("jobTitles", List.of(" ")))
                .put("/preferences").then().statusCode(400).body("message", containsString("blank"));
        // a board is its name in the board's URL (no path, no query), of a known ATS
        user.auth().contentType(ContentType.JSON).body(Map.of("watchedCompanies",
                List.of(Map.of("ats", "GREENHOUSE", "board", "acme/../admin"))))
                .put("/preferences").then().statusCode(400)
                .body("errors.field", hasItem("board"))
                .body("message", containsString("must be the board's name in its URL"));
        user.auth().contentType(ContentType.JSON).body(Map.of("watchedCompanies",
                List.of(Map.of("board", "acme"))))
                .put("/preferences").then().statusCode(400)
                .body("errors.field", hasItem("ats"))
                .body("message", containsString("must be one of GREENHOUSE, LEVER, ASHBY"));
        user.auth().contentType(ContentType.JSON).body(Map.of("watchedCompanies",
                List.of(Map.of("ats", "WORKDAY", "board", "acme"))))
                .put("/preferences").then().statusCode(400);
        // nothing was stored
        user.auth().get("/preferences").then().body("updatedAt", nullValue());
    }

    @Test
    void graphqlPreferencesAndValidation() {
        Api.Session user = Api.newUser("prefs-gql");
        String mutation = "mutation($u: ID!, $in: PreferencesInput!) { setPreferences(userId: $u, input: $in) "
                + "{ userId jobTitles remote salaryMax notifications { email reminders } pageSize } }";
        Api.graphql(user.accessToken(), mutation, Map.of("u", user.id().toString(), "in", sample()))
                .then().statusCode(200).body("errors", nullValue())
                .body("data.setPreferences.remote", equalTo("HYBRID"))
                .body("data.setPreferences.notifications.reminders", equalTo(true));
        Api.graphql(user.accessToken(), "query($u: ID!) { preferences(userId: $u) { skills pageSize } }",
                Map.of("u", user.id().toString()))
                .then().body("data.preferences.skills", equalTo(List.of("Java", "Kafka")))
                .body("data.preferences.pageSize", equalTo(50));
        var json = Api.graphql(user.accessToken(), mutation, Map.of("u", user.id().toString(), "in",
                Map.of("salaryMin", 9, "salaryMax", 1, "salaryCurrency", "USD"))).then().extract().jsonPath();
        org.junit.jupiter.api.Assertions.assertEquals("BAD_REQUEST", json.getString("errors[0].extensions.code"),
                json.prettify());
        org.junit.jupiter.api.Assertions.assertEquals(
                "salaryMin (9) must not be greater than salaryMax (1)", json.getString("errors[0].message"));

        Api.graphql(user.accessToken(), "query($u: ID!) { preferences(userId: $u) { watchedCompanies { ats board company } } }",
                Map.of("u", user.id().toString()))
                .then().body("data.preferences.watchedCompanies.board", equalTo(List.of("acme", "acme-labs")));
        json = Api.graphql(user.accessToken(), mutation, Map.of("u", user.id().toString(), "in",
                Map.of("watchedCompanies", List.of(Map.of("ats", "ASHBY", "board", "-acme?x=1")))))
                .then().extract().jsonPath();
        org.junit.jupiter.api.Assertions.assertEquals("BAD_REQUEST", json.getString("errors[0].extensions.code"),
                json.prettify());
        org.junit.jupiter.api.Assertions.assertEquals("watchedCompanies[0].board: must be the board's name in its URL "
                + "(letters, digits, '.', '_' or '-', at most 100), e.g. acme for boards.greenhouse.io/acme",
                json.getString("errors[0].message"));
    }
}
