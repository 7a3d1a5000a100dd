package io.aspaire.users.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.aspaire.users.support.Api;
import io.aspaire.localstack.LocalStackTestResource;
import io.aspaire.localstack.TestJwt;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Register, login, the JWT every service trusts, refresh-token rotation, profile and account deletion. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class AuthTest {

    /** The one e-mail {@code aspaire.users.tokens.admin-emails} names in the test profile (application.properties). */
    private static final String ADMIN_EMAIL = "chief@example.org";

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void registerLoginAndTheTokenIsAcceptedByMe() throws Exception {
        String email = Api.uniqueEmail("Alice");
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", Api.PASSWORD, "displayName", "Alice"))
                .post("/user/register")
                .then().statusCode(201)
                .body("email", equalTo(email.toLowerCase()))
                .body("displayName", equalTo("Alice"))
                .body("authProvider", equalTo("LOCAL"))
                .body("passwordHash", nullValue())
                .extract().path("id");

        // e-mail is case-insensitive for login too
        JsonPath login = given().contentType(ContentType.JSON)
                .body(Map.of("email", email.toUpperCase(), "password", Api.PASSWORD))
                .post("/user/login").then().statusCode(200)
                .body("tokenType", equalTo("Bearer"))
                .body("expiresIn", equalTo(900))
                .body("refreshToken", notNullValue())
                .extract().jsonPath();
        String token = login.getString("accessToken");

        JsonNode claims = mapper.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        JsonNode header = mapper.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[0]));
        assertEquals("RS256", header.get("alg").asText());
        assertEquals("https://aspaire.io", claims.get("iss").asText());
        assertEquals(id, claims.get("sub").asText());
        assertTrue(claims.get("aud").toString().contains("aspaire"), claims.toString());
        assertTrue(claims.get("groups").toString().contains("user"), claims.toString());
        long lifetime = claims.get("exp").asLong() - claims.get("iat").asLong();
        assertEquals(900, lifetime, 5);

        given().header("Authorization", "Bearer " + token).get("/user/me")
                .then().statusCode(200).body("id", equalTo(id)).body("email", equalTo(email.toLowerCase()));
    }

    @Test
    void missingTamperedExpiredAndForeignTokensAre401() throws Exception {
        Api.Session alice = Api.newUser("tokens");
        given().get("/user/me").then().statusCode(401);
        given().header("Authorization", "Bearer " + TestJwt.tampered(alice.id(), UUID.randomUUID()))
                .get("/user/me").then().statusCode(401);
        given().header("Authorization", "Bearer " + TestJwt.expired(alice.id()))
                .get("/user/me").then().statusCode(401);
        // our own token with its subject swapped after signing
        String[] parts = alice.accessToken().split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace(alice.id().toString(), UUID.randomUUID().toString());
        String forged = parts[0] + "." + b64(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        given().header("Authorization", "Bearer " + forged).get("/user/me").then().statusCode(401);
        // a well-formed token signed with somebody else's key
        given().header("Authorization", "Bearer " + signedWithForeignKey(alice.id()))
                .get("/user/me").then().statusCode(401);
        // a token from the test signer (same key as the suite) is accepted: the verification set-up is shared
        given().header("Authorization", "Bearer " + TestJwt.forUser(alice.id()))
                .get("/user/me").then().statusCode(200).body("id", equalTo(alice.id().toString()));
        // and GraphQL refuses an anonymous caller with a clear code
        Api.graphql(null, "{ me { id } }", null).then().statusCode(200)
                .body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"));
    }

    @Test
    void loginFailuresSayTheSameForUnknownEmailAndWrongPassword() {
        Api.Session bob = Api.newUser("bob");
        String wrongPassword = given().contentType(ContentType.JSON)
                .body(Map.of("email", bob.email(), "password", "not the password"))
                .post("/user/login").then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"))
                .extract().path("message");
        String unknown = given().contentType(ContentType.JSON)
                .body(Map.of("email", "nobody-" + UUID.randomUUID() + "@example.org", "password", Api.PASSWORD))
                .post("/user/login").then().statusCode(401).extract().path("message");
        assertEquals(wrongPassword, unknown);
    }

    @Test
    void registrationIsValidatedAndEmailsAreUniqueIgnoringCase() {
        Api.Session carol = Api.newUser("carol");
        given().contentType(ContentType.JSON)
                .body(Map.of("email", carol.email().toUpperCase(), "password", Api.PASSWORD))
                .post("/user/register").then().statusCode(409).body("code", equalTo("CONFLICT"));
        given().contentType(ContentType.JSON)
                .body(Map.of("email", "not-an-email", "password", "short"))
                .post("/user/register").then().statusCode(400)
                .body("code", equalTo("BAD_REQUEST"))
                .body("errors.field", hasItem("email"))
                .body("errors.field", hasItem("password"));
        given().contentType(ContentType.JSON).body("{\"email\": ")
                .post("/user/register").then().statusCode(400).body("code", equalTo("BAD_REQUEST"));
    }

    @Test
    void refreshTokensRotateAndAReusedOneRevokesTheFamily() {
        Api.Session dave = Api.newUser("dave");
        JsonPath first = given().contentType(ContentType.JSON).body(Map.of("refreshToken", dave.refreshToken()))
                .post("/user/refresh").then().statusCode(200).extract().jsonPath();
        String rotated = first.getString("refreshToken");
        assertNotEquals(dave.refreshToken(), rotated);
        given().header("Authorization", "Bearer " + first.getString("accessToken")).get("/user/me")
                .then().statusCode(200).body("id", equalTo(dave.id().toString()));

        // the old token again: refused, and the rotated one is revoked with it (it may have leaked)
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", dave.refreshToken()))
                .post("/user/refresh").then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", rotated))
                .post("/user/refresh").then().statusCode(401);

        // logout revokes
        Api.Session again = Api.login(dave.email(), Api.PASSWORD);
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", again.refreshToken()))
                .post("/user/logout").then().statusCode(204);
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", again.refreshToken()))
                .post("/user/refresh").then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", "made-up"))
                .post("/user/refresh").then().statusCode(401).body("message", containsString("log in again"));
    }

    @Test
    void profileUpdateAndAccountDeletion() {
        Api.Session erin = Api.newUser("erin");
        Api.Session other = Api.newUser("erin-other");
        erin.auth().contentType(ContentType.JSON).body(Map.of("displayName", "Erin E."))
                .put("/user/me").then().statusCode(200).body("displayName", equalTo("Erin E."));
        erin.auth().contentType(ContentType.JSON).body(Map.of("email", other.email()))
                .put("/user/me").then().statusCode(409);

        erin.auth().contentType(ContentType.JSON).body(Map.of("title", "CV", "text", "Erin's experience"))
                .post("/resumes").then().statusCode(201);
        erin.auth().delete("/user/me").then().statusCode(204);
        erin.auth().get("/user/me").then().statusCode(401); // the account's tokens are refused from now on
        given().contentType(ContentType.JSON).body(Map.of("email", erin.email(), "password", Api.PASSWORD))
                .post("/user/login").then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", erin.refreshToken()))
                .post("/user/refresh").then().statusCode(401);
        // the e-mail is free again
        given().contentType(ContentType.JSON).body(Map.of("email", erin.email(), "password", Api.PASSWORD))
                .post("/user/register").then().statusCode(201);
    }

    @Test
    void createUserLinksExternalIdentitiesIdempotentlyAndOnlyForAdmins() {
        String admin = TestJwt.forUser(UUID.randomUUID(), "user", "admin");
        String mutation = "mutation($in: CreateUserInput!) { createUser(input: $in) { id email authProvider } }";
        String email = Api.uniqueEmail("gh");
        Map<String, Object> input = Map.of("in", Map.of("provider", "GITHUB", "subject", "gh-" + UUID.randomUUID(),
                "email", email, "displayName", "Octo"));
        String id = Api.graphql(admin, mutation, input).then().statusCode(200)
                .body("errors", nullValue())
                .body("data.createUser.authProvider", equalTo("GITHUB"))
                .extract().path("data.createUser.id");
        Api.graphql(admin, mutation, input).then().body("data.createUser.id", equalTo(id));

        // a Google identity with the same (verified) e-mail is linked to the same account
        Map<String, Object> google = Map.of("in", Map.of("provider", "GOOGLE", "subject", "g-" + UUID.randomUUID(),
                "email", email.toUpperCase()));
        Api.graphql(admin, mutation, google).then().body("data.createUser.id", equalTo(id));
        @SuppressWarnings("unchecked")
        String subject = ((Map<String, String>) google.get("in")).get("subject");
        Api.graphql(admin, "{ userByAuth(provider: GOOGLE, subject: \"" + subject + "\") { id } }", null)
                .then().body("data.userByAuth.id", equalTo(id));
        Api.graphql(admin, "{ userByAuth(provider: GOOGLE, subject: \"nobody\") { id } }", null)
                .then().body("errors", nullValue()).body("data.userByAuth", nullValue());

        // the user themself can find their own identity
        String own = TestJwt.forUser(UUID.fromString(id));
        Api.graphql(own, "{ userByAuth(provider: GOOGLE, subject: \"" + subject + "\") { id email } }", null)
                .then().body("data.userByAuth.id", equalTo(id));

        Api.Session plain = Api.newUser("plain");
        Api.graphql(plain.accessToken(), mutation, Map.of("in", Map.of("provider", "GITHUB", "subject", "x",
                "email", Api.uniqueEmail("x")))).then()
                .body("data.createUser", nullValue())
                .body("errors[0].extensions.code", equalTo("FORBIDDEN"));
        Api.graphql(admin, mutation, Map.of("in", Map.of("provider", "LOCAL", "subject", "x",
                "email", Api.uniqueEmail("x")))).then()
                .body("errors[0].extensions.code", equalTo("BAD_REQUEST"));
    }

    @Test
    void adminEmailsGetTheAdminGroup() throws Exception {
        // the test profile names ADMIN_EMAIL (as "Chief@Example.ORG": the list is compared case-insensitively)
        given().contentType(ContentType.JSON)
                .body(Map.of("email", ADMIN_EMAIL, "password", Api.PASSWORD, "displayName", "chief"))
                .post("/user/register").then().statusCode(201);
        Api.Session chief = Api.login(ADMIN_EMAIL, Api.PASSWORD);
        assertEquals(List.of("admin", "user"), groups(chief.accessToken()));
        // and the group is honoured: createUser is reserved to administrators
        String mutation = "mutation($in: CreateUserInput!) { createUser(input: $in) { authProvider } }";
        Map<String, Object> input = Map.of("in", Map.of("provider", "GITHUB", "subject", "gh-" + UUID.randomUUID(),
                "email", Api.uniqueEmail("octo")));
        Api.graphql(chief.accessToken(), mutation, input).then().statusCode(200)
                .body("errors", nullValue())
                .body("data.createUser.authProvider", equalTo("GITHUB"));

        // anyone else is a plain user, and is refused
        Api.Session frank = Api.newUser("frank");
        assertEquals(List.of("user"), groups(frank.accessToken()));
        Api.graphql(frank.accessToken(), mutation, input).then().statusCode(200)
                .body("errors[0].extensions.code", equalTo("FORBIDDEN"));
    }

    private List<?> groups(String accessToken) throws Exception {
        JsonNode claims = mapper.readTree(Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]));
        List<?> groups = mapper.convertValue(claims.get("groups"), List.class);
        return groups.stream().map(String::valueOf).sorted().toList();
    }

    private static String signedWithForeignKey(UUID subject) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        var key = generator.generateKeyPair().getPrivate();
        long now = Instant.now().getEpochSecond();
        String header = b64("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64(("{\"iss\":\"https://aspaire.io\",\"aud\":\"aspaire\",\"sub\":\"" + subject
                + "\",\"groups\":[\"user\"],\"iat\":" + now + ",\"exp\":" + (now + 600) + "}")
                .getBytes(StandardCharsets.UTF_8));
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(key);
        signature.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
        return header + "." + payload + "." + b64(signature.sign());
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
