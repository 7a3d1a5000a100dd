package io.aspaire.e2e.hostile;

import static io.aspaire.e2e.hostile.GraphQLSchema.TypeRef.named;
import static io.aspaire.e2e.hostile.GraphQLSchema.TypeRef.nonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.aspaire.e2e.hostile.GraphQLSchema.InputValue;
import io.aspaire.e2e.hostile.GraphQLSchema.Type;
import io.aspaire.e2e.hostile.GraphQLSchema.TypeRef;

/**
 * Every REST route of the suite, read from the services' {@code @Path} resources (user-service's UserResource,
 * PreferencesResource, ResumeResource; job-service's LiveSearchResource), with the types of their path and query
 * parameters and bodies. Bodies that are also GraphQL inputs (PreferencesInput, NewResumeInput, ResumeUpdateInput)
 * take their fields from user-service's introspected schema; the others are described here from their records.
 */
public final class RestRoutes {

    /** How a route takes its body. */
    public enum Body {
        NONE, JSON, MULTIPART
    }

    /**
     * @param service     the service that serves it
     * @param method      HTTP method
     * @param path        with {@code {name}} placeholders for path parameters
     * @param pathParams  the path parameters and the kind of id they carry (user, resume)
     * @param queryParams query parameters and their types
     * @param body        how it takes a body
     * @param bodyType    the input type of a JSON body (a name in {@link #bodyTypes(Map)})
     * @param authenticated whether it needs a bearer token
     * @param destructive deletes something: runs after every other route
     */
    public record Route(String service, String method, String path, Map<String, String> pathParams,
            Map<String, TypeRef> queryParams, Body body, String bodyType, boolean authenticated, boolean destructive) {

        public String name() {
            return method + " " + path;
        }
    }

    static final TypeRef STRING = named("SCALAR", "String");
    static final TypeRef INT = named("SCALAR", "Int");

    public static final List<Route> ROUTES = List.of(
            // user-service: UserResource
            json("POST", "/user/register", "RegisterRequest", false),
            json("POST", "/user/login", "LoginRequest", false),
            json("POST", "/user/refresh", "RefreshRequest", false),
            json("POST", "/user/logout", "RefreshRequest", false),
            none("GET", "/user/me", Map.of()),
            json("PUT", "/user/me", "ProfileUpdate", true),
            none("GET", "/user/{id}", Map.of("id", "user")),
            // PreferencesResource
            none("GET", "/preferences", Map.of()),
            json("PUT", "/preferences", "PreferencesInput", true),
            none("GET", "/preferences/{userId}", Map.of("userId", "user")),
            new Route("user-service", "PUT", "/preferences/{userId}", Map.of("userId", "user"), Map.of(), Body.JSON,
                    "PreferencesInput", true, false),
            // ResumeResource
            new Route("user-service", "POST", "/resumes", Map.of(), Map.of(), Body.MULTIPART, null, true, false),
            json("POST", "/resumes", "NewResumeInput", true),
            new Route("user-service", "GET", "/resumes", Map.of(), ordered("page", INT, "size", INT), Body.NONE,
                    null, true, false),
            none("GET", "/resumes/{id}", Map.of("id", "resume")),
            new Route("user-service", "PUT", "/resumes/{id}", Map.of("id", "resume"), Map.of(), Body.JSON,
                    "ResumeUpdateInput", true, false),
            none("POST", "/resumes/{id}/default", Map.of("id", "resume")),
            new Route("user-service", "DELETE", "/resumes/{id}", Map.of("id", "resume"), Map.of(), Body.NONE, null,
                    true, true),
            // job-service: LiveSearchResource
            new Route("job-service", "GET", "/remotive", Map.of(), ordered("search", STRING), Body.NONE, null, true,
                    false),
            new Route("job-service", "GET", "/serpapi", Map.of(), ordered("q", STRING, "location", STRING),
                    Body.NONE, null, true, false));

    /** DELETE /user/me: run last of all, on a throw-away account. */
    public static final Route DELETE_ME = new Route("user-service", "DELETE", "/user/me", Map.of(), Map.of(),
            Body.NONE, null, true, true);

    private RestRoutes() {
    }

    private static Route json(String method, String path, String bodyType, boolean authenticated) {
        return new Route("user-service", method, path, Map.of(), Map.of(), Body.JSON, bodyType, authenticated, false);
    }

    private static Route none(String method, String path, Map<String, String> pathParams) {
        return new Route("user-service", method, path, pathParams, Map.of(), Body.NONE, null, true, false);
    }

    private static Map<String, TypeRef> ordered(Object... nameType) {
        Map<String, TypeRef> out = new LinkedHashMap<>();
        for (int i = 0; i < nameType.length; i += 2) {
            out.put((String) nameType[i], (TypeRef) nameType[i + 1]);
        }
        return out;
    }

    /**
     * The body types: user-service's GraphQL input types (the same records serve REST) plus the REST-only records
     * (RegisterRequest, LoginRequest, RefreshRequest, ProfileUpdate) with their Bean Validation required fields.
     */
    public static Map<String, Type> bodyTypes(Map<String, Type> userServiceTypes) {
        Map<String, Type> out = new LinkedHashMap<>(userServiceTypes);
        out.put("RegisterRequest", input("RegisterRequest", "email", nonNull(STRING), "password", nonNull(STRING),
                "displayName", STRING));
        out.put("LoginRequest", input("LoginRequest", "email", nonNull(STRING), "password", nonNull(STRING)));
        out.put("RefreshRequest", input("RefreshRequest", "refreshToken", nonNull(STRING)));
        out.put("ProfileUpdate", input("ProfileUpdate", "email", STRING, "displayName", STRING));
        return out;
    }

    private static Type input(String name, Object... nameType) {
        List<InputValue> fields = new java.util.ArrayList<>();
        for (int i = 0; i < nameType.length; i += 2) {
            fields.add(new InputValue((String) nameType[i], (TypeRef) nameType[i + 1]));
        }
        return new Type("INPUT_OBJECT", name, List.of(), fields, List.of());
    }
}
