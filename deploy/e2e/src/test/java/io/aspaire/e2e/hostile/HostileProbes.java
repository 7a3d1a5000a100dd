package io.aspaire.e2e.hostile;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.aspaire.e2e.hostile.BoundaryValues.Case;
import io.aspaire.e2e.hostile.GraphQLSchema.Field;
import io.aspaire.e2e.hostile.GraphQLSchema.InputValue;
import io.aspaire.e2e.hostile.GraphQLSchema.TypeRef;
import io.aspaire.e2e.hostile.RestRoutes.Route;

/**
 * Builds the hostile requests: for every argument of every root field of a GraphQL schema, each boundary value of its
 * type with the other arguments valid; the malformed GraphQL envelopes; for every REST route, each boundary value of
 * each path parameter, query parameter and body field, malformed bodies and bad credentials.
 */
public final class HostileProbes {

    /** The usual bound of one answer. */
    public static final Duration BOUND = Duration.ofSeconds(5);
    /** Operations that call an upstream (job boards, the language model) or run an ingestion. */
    public static final Duration SLOW_BOUND = Duration.ofSeconds(30);

    static final ObjectMapper JSON = new ObjectMapper();

    private final BoundaryValues values;
    private final String token;
    private final Secrets secrets;

    /**
     * @param values     boundary values over the schema's types and the fixtures' ids
     * @param token      the access token every request carries (user A's)
     * @param secrets    user B's data: it must never come back to user A
     */
    public HostileProbes(BoundaryValues values, String token, Secrets secrets) {
        this.values = values;
        this.token = token;
        this.secrets = secrets;
    }

    // ----------------------------------------------------------------------------------------------------------------
    // GraphQL: every argument of every root field
    // ----------------------------------------------------------------------------------------------------------------

    /** Operations that delete: their probes run after all the others so the fixtures stay in place meanwhile. */
    public static boolean isDestructive(String fieldName) {
        return fieldName.startsWith("delete") || fieldName.startsWith("remove") || fieldName.startsWith("cancel");
    }

    static Duration boundOf(String fieldName) {
        return fieldName.startsWith("ingest") || fieldName.startsWith("generate") ? SLOW_BOUND : BOUND;
    }

    /**
     * The probes of one root field: its baseline (required arguments valid, optional ones null unless their name says
     * what they are: ids of user A, page 0, page size 10), then each argument replaced by each of its boundary values.
     */
    public List<Probe> fieldProbes(String service, String baseUrl, GraphQLSchema schema, String operation,
            Field field) {
        List<Probe> out = new ArrayList<>();
        String document = document(schema, operation, field);
        ObjectNode baseline = JSON.createObjectNode();
        for (InputValue arg : field.args()) {
            baseline.set(arg.name(), values.baseline(arg.type(), field.name(), arg.name()));
        }
        out.add(graphqlProbe(service, baseUrl, "graphql baseline", field.name() + "(baseline)", document,
                baseline, boundOf(field.name()), token));
        for (InputValue arg : field.args()) {
            for (Case c : values.cases(arg.type(), field.name(), arg.name())) {
                ObjectNode variables = baseline.deepCopy();
                variables.set(arg.name(), c.value());
                out.add(graphqlProbe(service, baseUrl, "graphql argument",
                        field.name() + "(" + arg.name() + " = " + c.label() + ")", document, variables,
                        boundOf(field.name()), token));
                // the same value written in the document: literals take another path (validation, not coercion)
                if (isLeaf(schema, arg.type())) {
                    ObjectNode others = baseline.deepCopy();
                    others.remove(arg.name());
                    out.add(graphqlProbe(service, baseUrl, "graphql literal",
                            field.name() + "(" + arg.name() + ": " + c.label() + ")", document(schema, operation,
                                    field, arg.name(), literal(c.value(), isEnum(schema, arg.type()))), others,
                            boundOf(field.name()), token));
                }
            }
        }
        return out;
    }

    static boolean isLeaf(GraphQLSchema schema, TypeRef type) {
        GraphQLSchema.Type named = schema.type(type);
        return !type.isList() && named != null && (named.kind().equals("SCALAR") || named.kind().equals("ENUM"));
    }

    static boolean isEnum(GraphQLSchema schema, TypeRef type) {
        GraphQLSchema.Type named = schema.type(type);
        return named != null && named.kind().equals("ENUM");
    }

    /** A JSON value as a GraphQL literal; a name-like string of an enum argument as an enum value (unquoted). */
    static String literal(JsonNode value, boolean enumArgument) {
        if (value.isTextual() && enumArgument && value.asText().matches("[_A-Za-z][_0-9A-Za-z]*")) {
            return value.asText();
        }
        if (value.isObject()) {
            StringJoiner fields = new StringJoiner(", ", "{", "}");
            value.fields().forEachRemaining(f -> fields.add(f.getKey() + ": " + literal(f.getValue(), false)));
            return fields.toString();
        }
        if (value.isArray()) {
            StringJoiner items = new StringJoiner(", ", "[", "]");
            value.forEach(v -> items.add(literal(v, enumArgument)));
            return items.toString();
        }
        return text(value);  // null, numbers, booleans; strings JSON-escaped, which GraphQL string escapes accept
    }

    /** {@code query Hostile($a: T!, ...) { field(a: $a, ...) { __typename leaves } }} */
    static String document(GraphQLSchema schema, String operation, Field field) {
        return document(schema, operation, field, null, null);
    }

    /** The same, argument {@code literalArg} (when not null) written as {@code literal} instead of a variable. */
    static String document(GraphQLSchema schema, String operation, Field field, String literalArg, String literal) {
        StringJoiner definitions = new StringJoiner(", ", "(", ")").setEmptyValue("");
        StringJoiner arguments = new StringJoiner(", ", "(", ")");
        for (InputValue arg : field.args()) {
            if (arg.name().equals(literalArg)) {
                arguments.add(arg.name() + ": " + literal);
            } else {
                definitions.add("$" + arg.name() + ": " + arg.type().render());
                arguments.add(arg.name() + ": $" + arg.name());
            }
        }
        boolean any = !field.args().isEmpty();
        return operation + " Hostile" + definitions + " { " + field.name() + (any ? arguments : "")
                + schema.selection(field.type()) + " }";
    }

    /** The root-field probes again, unchanged arguments, with another token (a deleted account's). */
    public Probe baselineWith(String service, String baseUrl, GraphQLSchema schema, String operation, Field field,
            String otherToken) {
        ObjectNode baseline = JSON.createObjectNode();
        for (InputValue arg : field.args()) {
            baseline.set(arg.name(), values.baseline(arg.type(), field.name(), arg.name()));
        }
        return graphqlProbe(service, baseUrl, "deleted account's token", field.name() + "(baseline)",
                document(schema, operation, field), baseline, boundOf(field.name()), otherToken);
    }

    Probe graphqlProbe(String service, String baseUrl, String category, String label, String document,
            JsonNode variables, Duration bound, String bearer) {
        ObjectNode body = JSON.createObjectNode();
        body.put("query", document);
        body.set("variables", variables);
        body.put("operationName", "Hostile");
        return new Probe(service, category, label, "POST", URI.create(baseUrl + "/graphql"), "application/json",
                bearer, text(body), null, bound, secrets);
    }

    /** JSON text, with the unpaired surrogate written as its escape (Jackson would refuse to write it). */
    static String text(JsonNode node) {
        try {
            return JSON.writeValueAsString(node).replace(BoundaryValues.LONE_SURROGATE,
                    BoundaryValues.LONE_SURROGATE_ESCAPE);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ----------------------------------------------------------------------------------------------------------------
    // GraphQL: malformed request envelopes and abusive documents, on every GraphQL endpoint
    // ----------------------------------------------------------------------------------------------------------------

    public List<Probe> envelopeProbes(String service, String baseUrl) {
        URI uri = URI.create(baseUrl + "/graphql");
        String ok = "\"query\":\"{ __typename }\"";
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("variables \"x\"", "{" + ok + ",\"variables\":\"x\"}");
        bodies.put("variables [1,2]", "{" + ok + ",\"variables\":[1,2]}");
        bodies.put("variables 5", "{" + ok + ",\"variables\":5}");
        bodies.put("variables true", "{" + ok + ",\"variables\":true}");
        bodies.put("operationName 5", "{" + ok + ",\"operationName\":5}");
        bodies.put("operationName {}", "{" + ok + ",\"operationName\":{}}");
        bodies.put("operationName unknown", "{" + ok + ",\"operationName\":\"Missing\"}");
        bodies.put("extensions \"x\"", "{" + ok + ",\"extensions\":\"x\"}");
        bodies.put("query null", "{\"query\":null}");
        bodies.put("query 5", "{\"query\":5}");
        bodies.put("query []", "{\"query\":[\"{ __typename }\"]}");
        bodies.put("query \"\"", "{\"query\":\"\"}");
        bodies.put("query NUL", "{\"query\":\"{ __typename \\u0000 }\"}");
        bodies.put("query unpaired surrogate", "{\"query\":\"{ __typename } # \\ud800\"}");
        bodies.put("query syntax error", "{\"query\":\"{\"}");
        bodies.put("no query", "{}");
        bodies.put("body []", "[]");
        bodies.put("batch of one", "[{" + ok + "}]");
        bodies.put("body null", "null");
        bodies.put("body \"x\"", "\"x\"");
        bodies.put("body truncated", "{\"query\":\"{ __typ");
        bodies.put("body empty", "");
        bodies.put("body invalid UTF-8", "{\"query\":\"{ __typename } # \u00ff\"}");
        bodies.put("200 KB of fields", "{\"query\":\"{ " + "__typename ".repeat(20_000) + "}\"}");
        bodies.put("500 nested braces", "{\"query\":\"" + "{ a ".repeat(500) + "\"}");
        bodies.put("500 aliases", "{\"query\":\"{ " + aliases(500) + " }\"}");
        bodies.put("fragment doubling, depth 14", "{\"query\":" + quote(fragmentDoubling(14)) + "}");
        bodies.put("two __schema selections", "{\"query\":" + quote("{ a: __schema { queryType { fields { name } } "
                + "mutationType { fields { name } } } b: __schema { types { name } } }") + "}");
        bodies.put("deep ofType chain", "{\"query\":" + quote("{ __schema { types { ofType { ofType { ofType { "
                + "ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } }") + "}");
        bodies.put("unknown field", "{\"query\":\"{ noSuchField }\"}");
        bodies.put("subscription", "{\"query\":\"subscription { noSuchField }\"}");
        List<Probe> out = new ArrayList<>();
        bodies.forEach((label, body) -> out.add(new Probe(service, "graphql envelope", label, "POST", uri,
                "application/json", token, body, label.equals("body invalid UTF-8")
                        ? body.getBytes(StandardCharsets.ISO_8859_1) : null, BOUND, secrets)));
        out.add(new Probe(service, "graphql envelope", "text/plain content type", "POST", uri, "text/plain", token,
                "{" + ok + "}", null, BOUND, secrets));
        out.add(new Probe(service, "graphql envelope", "no content type", "POST", uri, null, token, "{" + ok + "}",
                null, BOUND, secrets));
        out.add(new Probe(service, "graphql envelope", "application/graphql", "POST", uri, "application/graphql",
                token, "{ __typename }", null, BOUND, secrets));
        out.add(new Probe(service, "graphql envelope", "XML", "POST", uri, "application/xml", token, "<q/>", null,
                BOUND, secrets));
        for (String query : List.of("{ __typename }", "mutation { __typename }", "{", "\u0000")) {
            out.add(new Probe(service, "graphql envelope", "GET ?query=" + query, "GET",
                    URI.create(baseUrl + "/graphql?query=" + encode(query)), null, token, null, null, BOUND,
                    secrets));
        }
        out.add(new Probe(service, "graphql envelope", "GET ?variables=x", "GET", URI.create(baseUrl
                + "/graphql?query=" + encode("{ __typename }") + "&variables=x"), null, token, null, null, BOUND,
                secrets));
        out.add(new Probe(service, "graphql envelope", "PUT", "PUT", uri, "application/json", token, "{" + ok + "}",
                null, BOUND, secrets));
        for (Map.Entry<String, String> auth : badCredentials().entrySet()) {
            out.add(new Probe(service, "bad credentials", "/graphql " + auth.getKey(), "POST", uri,
                    "application/json", auth.getValue(), "{\"query\":\"{ __typename }\"}", null, BOUND, secrets));
        }
        return out;
    }

    static String aliases(int n) {
        StringJoiner out = new StringJoiner(" ");
        for (int i = 0; i < n; i++) {
            out.add("a" + i + ": __typename");
        }
        return out.toString();
    }

    /** {@code query { ...F<depth> }}, each fragment spreading the previous one twice: 2^depth fields if expanded. */
    static String fragmentDoubling(int depth) {
        StringBuilder out = new StringBuilder("query { ...F" + depth + " } fragment F0 on Query { __typename }");
        for (int i = 1; i <= depth; i++) {
            out.append(" fragment F").append(i).append(" on Query { ...F").append(i - 1).append(" ...F")
                    .append(i - 1).append(" }");
        }
        return out.toString();
    }

    /** Authorization values that must be refused with 401 (values starting with "!" are sent as they are). */
    static Map<String, String> badCredentials() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("Bearer garbage", "garbage");
        out.put("Bearer alg none", "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiIxIiwidXBuIjoiYSJ9.");
        out.put("Bearer 10 KB", "x".repeat(10 * 1024));
        out.put("Bearer with spaces", "a b c");
        out.put("Basic", "!Basic Zm9vOmJhcg==");
        out.put("empty Bearer", "!Bearer ");
        return out;
    }

    // ----------------------------------------------------------------------------------------------------------------
    // REST: every route, every parameter and body field
    // ----------------------------------------------------------------------------------------------------------------

    /**
     * @param route   the route
     * @param baseUrl the service's address
     * @param mine    user A's ids by kind (valid path parameters)
     * @param others  user B's ids by kind (another user's)
     * @param bearer  the token the route gets (A's, or the throw-away account's for destructive ones)
     * @param baselineBody a valid body for the route (null for none)
     */
    public List<Probe> restProbes(Route route, String baseUrl, Map<String, String> mine, Map<String, String> others,
            String bearer, JsonNode baselineBody) {
        List<Probe> out = new ArrayList<>();
        Map<String, String> validPath = new LinkedHashMap<>();
        route.pathParams().forEach((name, kind) -> validPath.put(name, mine.getOrDefault(kind, "x")));
        Map<String, String> noQuery = Map.of();
        String token = route.authenticated() ? bearer : null;
        Duration bound = route.path().startsWith("/remotive") || route.path().startsWith("/serpapi") ? SLOW_BOUND
                : BOUND;
        String body = baselineBody == null ? null : text(baselineBody);
        String json = route.body() == RestRoutes.Body.JSON ? "application/json" : null;

        out.add(rest(route, baseUrl, "rest baseline", "valid", validPath, noQuery, token, json, body, bound));
        // path parameters
        for (Map.Entry<String, String> param : route.pathParams().entrySet()) {
            Map<String, String> pathCases = new LinkedHashMap<>();
            pathCases.put("not-a-uuid", "not-a-uuid");
            pathCases.put("random uuid", UUID.randomUUID().toString());
            pathCases.put("%00", "%00");
            pathCases.put("uuid%00", UUID.randomUUID() + "%00");
            pathCases.put("%20", "%20");
            pathCases.put("2,000 chars", "a".repeat(2000));
            pathCases.put("..%2F..%2Fuser%2Fme", "..%2F..%2Fuser%2Fme");
            pathCases.put("RTL override", "%E2%80%AE");
            pathCases.put("UTF-8 of a surrogate", "%ED%A0%80");
            String other = others.get(param.getValue());
            if (other != null) {
                pathCases.put("another user's id", other);
            }
            pathCases.forEach((label, value) -> {
                Map<String, String> path = new LinkedHashMap<>(validPath);
                path.put(param.getKey(), value);
                out.add(rest(route, baseUrl, "rest path parameter", param.getKey() + " = " + label, path, noQuery,
                        token, json, body, bound));
            });
        }
        // query parameters
        Map<String, String> validQuery = new LinkedHashMap<>();
        route.queryParams().forEach((name, type) -> validQuery.put(name, type.name().equals("Int")
                ? (name.equals("page") ? "0" : "10") : "Backend"));
        for (Map.Entry<String, TypeRef> param : route.queryParams().entrySet()) {
            Map<String, String> queryCases = new LinkedHashMap<>();
            queryCases.put("missing", null);
            queryCases.put("empty", "");
            queryCases.put("%00", "%00");
            queryCases.put("a%01b", "a%01b");
            queryCases.put("UTF-8 of a surrogate", "%ED%A0%80");
            queryCases.put("8 KB", "a".repeat(8 * 1024));
            if (param.getValue().name().equals("Int")) {
                queryCases.put("-1", "-1");
                queryCases.put("Integer.MAX", "2147483647");
                queryCases.put("Integer.MIN", "-2147483648");
                queryCases.put("2^31", "2147483648");
                queryCases.put("1.5", "1.5");
                queryCases.put("x", "x");
            } else {
                queryCases.put("RTL override", "%E2%80%AE");
                queryCases.put("quote and angle", "%22%3Cscript%3E");
            }
            queryCases.forEach((label, value) -> {
                Map<String, String> query = new LinkedHashMap<>(validQuery);
                query.put(param.getKey(), value);
                out.add(rest(route, baseUrl, "rest query parameter", param.getKey() + " = " + label, validPath,
                        query, token, json, body, bound));
            });
        }
        // body fields, by type
        if (route.body() == RestRoutes.Body.JSON) {
            TypeRef type = TypeRef.nonNull(TypeRef.named("INPUT_OBJECT", route.bodyType()));
            for (Case c : values.cases(type, route.path(), "body")) {
                out.add(rest(route, baseUrl, "rest body field", c.label(), validPath, validQuery, token, json,
                        text(c.value()), bound));
            }
            Map<String, String> malformed = new LinkedHashMap<>();
            malformed.put("invalid JSON", "{");
            malformed.put("JSON array", "[1,2]");
            malformed.put("empty body", "");
            malformed.put("JSON string", "\"x\"");
            malformed.put("trailing garbage", body + " x");
            malformed.put("duplicate keys", "{\"a\":1,\"a\":2}");
            malformed.put("500 nested arrays", "[".repeat(500) + "]".repeat(500));
            malformed.forEach((label, value) -> out.add(rest(route, baseUrl, "rest malformed body", label, validPath,
                    validQuery, token, json, value, bound)));
            out.add(rest(route, baseUrl, "rest malformed body", "text/plain content type", validPath, validQuery,
                    token, "text/plain", body, bound));
            out.add(rest(route, baseUrl, "rest malformed body", "no content type", validPath, validQuery, token,
                    null, body, bound));
            out.add(rest(route, baseUrl, "rest malformed body", "XML", validPath, validQuery, token,
                    "application/xml", "<a/>", bound));
        }
        if (route.body() == RestRoutes.Body.MULTIPART) {
            out.addAll(multipartProbes(route, baseUrl, token));
        }
        if (route.authenticated()) {
            out.add(rest(route, baseUrl, "bad credentials", "no token", validPath, validQuery, null, json, body,
                    bound));
            badCredentials().forEach((label, value) -> out.add(rest(route, baseUrl, "bad credentials", label,
                    validPath, validQuery, value, json, body, bound)));
        }
        return out;
    }

    Probe rest(Route route, String baseUrl, String category, String label, Map<String, String> path,
            Map<String, String> query, String bearer, String contentType, String body, Duration bound) {
        String p = route.path();
        for (Map.Entry<String, String> param : path.entrySet()) {
            p = p.replace("{" + param.getKey() + "}", param.getValue());
        }
        StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
        query.forEach((name, value) -> {
            if (value != null) {
                q.add(name + "=" + value);
            }
        });
        return new Probe(route.service(), category, route.name() + " " + label, route.method(),
                URI.create(baseUrl + p + q), contentType, bearer, body, null, bound, secrets);
    }

    /** POST /resumes multipart: the upload and its broken variants (missing, empty, truncated, mislabelled parts). */
    List<Probe> multipartProbes(Route route, String baseUrl, String bearer) {
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        String b = "hostileBoundary";
        byte[] text = "Java developer, Kafka, PostgreSQL.".getBytes(StandardCharsets.UTF_8);
        bodies.put("valid text upload", multipart(b, "resume.txt", "text/plain", text, "My resume"));
        bodies.put("no file part", multipart(b, null, null, null, "only a title"));
        bodies.put("empty file", multipart(b, "empty.txt", "text/plain", new byte[0], "t"));
        bodies.put("file name NUL", multipart(b, "a\u0000.txt", "text/plain", text, "t"));
        bodies.put("file name 10 KB", multipart(b, "a".repeat(10 * 1024) + ".txt", "text/plain", text, "t"));
        bodies.put("file name ../../etc/passwd", multipart(b, "../../etc/passwd", "text/plain", text, "t"));
        bodies.put("file name RTL override", multipart(b, "cv\u202etxt.exe", "text/plain", text, "t"));
        bodies.put("title NUL", multipart(b, "resume.txt", "text/plain", text, "\u0000"));
        bodies.put("title a\\u0001b", multipart(b, "resume.txt", "text/plain", text, "a\u0001b"));
        bodies.put("title 100 KB", multipart(b, "resume.txt", "text/plain", text, BoundaryValues.HUGE));
        bodies.put("file content NUL bytes", multipart(b, "resume.txt", "text/plain", new byte[] {'a', 0, 0, 'b'},
                "t"));
        bodies.put("file content invalid UTF-8", multipart(b, "resume.txt", "text/plain",
                new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc3}, "t"));
        bodies.put("garbage labelled PDF", multipart(b, "resume.pdf", "application/pdf", text, "t"));
        bodies.put("garbage labelled DOCX", multipart(b, "resume.docx",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document", text, "t"));
        bodies.put("truncated zip labelled DOCX", multipart(b, "resume.docx",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0}, "t"));
        bodies.put("unknown type", multipart(b, "resume.exe", "application/octet-stream", text, "t"));
        byte[] valid = bodies.get("valid text upload");
        byte[] truncated = new byte[valid.length / 2];
        System.arraycopy(valid, 0, truncated, 0, truncated.length);
        bodies.put("truncated multipart", truncated);
        bodies.put("no closing boundary", new String(valid, StandardCharsets.ISO_8859_1)
                .replace("--" + b + "--", "").getBytes(StandardCharsets.ISO_8859_1));
        bodies.put("empty multipart body", new byte[0]);
        List<Probe> out = new ArrayList<>();
        String contentType = "multipart/form-data; boundary=" + b;
        bodies.forEach((label, bytes) -> out.add(new Probe(route.service(), "rest multipart", route.name() + " "
                + label, "POST", URI.create(baseUrl + route.path()), contentType, bearer, null, bytes, BOUND,
                secrets)));
        out.add(new Probe(route.service(), "rest multipart", route.name() + " wrong boundary", "POST",
                URI.create(baseUrl + route.path()), "multipart/form-data; boundary=other", bearer, null, valid, BOUND,
                secrets));
        out.add(new Probe(route.service(), "rest multipart", route.name() + " no boundary parameter", "POST",
                URI.create(baseUrl + route.path()), "multipart/form-data", bearer, null, valid, BOUND, secrets));
        return out;
    }

    static byte[] multipart(String boundary, String fileName, String fileType, byte[] content, String title) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.util.function.Consumer<String> write = s -> out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        if (title != null) {
            write.accept("--" + boundary + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n" + title
                    + "\r\n");
        }
        if (fileName != null) {
            write.accept("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                    + fileName + "\"\r\nContent-Type: " + fileType + "\r\n\r\n");
            out.writeBytes(content);
            write.accept("\r\n");
        }
        write.accept("--" + boundary + "--\r\n");
        return out.toByteArray();
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
