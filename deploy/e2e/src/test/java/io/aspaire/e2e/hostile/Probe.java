package io.aspaire.e2e.hostile;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One hostile request: where it goes, what it is (for the report), its body as text, and how long it may take.
 *
 * @param service     the service the request is sent to (gateway, user-service, ...)
 * @param category    the family of the case: a GraphQL argument, a REST field, an envelope, a malformed body, ...
 * @param label       what was sent, readable: {@code setPreferences(input.salaryMin = 1e400)}
 * @param method      HTTP method
 * @param uri         the full address
 * @param contentType the Content-Type header, or null for none
 * @param bearer      the access token sent, or null; a raw Authorization value when it starts with "!"
 * @param body        the body (text), or null for none
 * @param rawBody     the body as bytes when it is not text (multipart), else null
 * @param bound       the time the answer must come within
 * @param secrets     another user's data that must not appear in the answer, or null
 */
public record Probe(String service, String category, String label, String method, URI uri, String contentType,
        String bearer, String body, byte[] rawBody, Duration bound, Secrets secrets) {

    /** The same request, reported under another category. */
    public Probe inCategory(String other) {
        return new Probe(service, other, label, method, uri, contentType, bearer, body, rawBody, bound, secrets);
    }

    public HttpRequest request() {
        byte[] bytes = rawBody != null ? rawBody : body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(bound)
                .method(method, bytes == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(bytes))
                .header("Accept", "application/json");
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (bearer != null) {
            request.header("Authorization", bearer.startsWith("!") ? bearer.substring(1) : "Bearer " + bearer);
        }
        return request.build();
    }

    /** The request for the report, shortened. */
    public String describe() {
        String shown = body == null ? rawBody == null ? "" : " <" + rawBody.length + " bytes>"
                : " " + Verdict.shorten(body, 300);
        return method + " " + Verdict.shorten(uri.toString(), 200) + shown;
    }
}
