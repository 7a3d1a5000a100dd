package io.aspaire.platform.graphql;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import graphql.ErrorType;
import graphql.ExceptionWhileDataFetching;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import io.aspaire.platform.errors.ApiException;
import io.aspaire.platform.errors.InternalNames;

/**
 * Keeps implementation details out of GraphQL error messages: no Java class or package name, no exception name, no
 * parser AST dump. Errors that carry one are rewritten to say what the client can act on (which argument is wrong),
 * keeping their locations and path. Only {@link ApiException} messages are written for clients; any other exception
 * a resolver throws is reported as {@value #INTERNAL_MESSAGE} with code {@value #INTERNAL_CODE} (and logged by
 * SmallRye GraphQL), never with its own message or its class name as code.
 */
public final class ErrorMessages {

    /** SmallRye GraphQL's default message for unexpected exceptions (kept: clients and tests know it as a fault). */
    public static final String INTERNAL_MESSAGE = "System error";
    public static final String INTERNAL_CODE = "INTERNAL_SERVER_ERROR";

    /** graphql-java's and SmallRye's wrong-argument message: the argument name, then a dump of the value. */
    private static final Pattern WRONG_ARGUMENT = Pattern.compile(
            "(?s)^(.*?)argument '([^']*)' with value '.*' is not a valid '(.*?)'(?: - (.*))?$");

    private ErrorMessages() {
    }

    /** True when a message shows something of the implementation. */
    public static boolean leaks(String message) {
        return InternalNames.leaks(message);
    }

    /** The errors as clients may see them; the same list when nothing needs rewriting. */
    public static List<GraphQLError> clean(List<GraphQLError> errors) {
        boolean changed = false;
        GraphQLError[] cleaned = errors.toArray(new GraphQLError[0]);
        for (int i = 0; i < cleaned.length; i++) {
            GraphQLError replacement = clean(cleaned[i]);
            if (replacement != cleaned[i]) {
                cleaned[i] = replacement;
                changed = true;
            }
        }
        return changed ? List.of(cleaned) : errors;
    }

    static GraphQLError clean(GraphQLError error) {
        if (error instanceof ExceptionWhileDataFetching fetching && !(apiException(fetching.getException()))) {
            // SmallRye shows a checked exception's message and names the code after the exception class
            return rewrite(error, INTERNAL_MESSAGE, INTERNAL_CODE);
        }
        String message = error.getMessage();
        if (!leaks(message)) {
            return error;
        }
        return rewrite(error, rewordArgumentError(message), "BAD_REQUEST");
    }

    /** The client message for a message that leaks; public for the unit test. */
    public static String rewordArgumentError(String message) {
        Matcher wrong = WRONG_ARGUMENT.matcher(message);
        if (wrong.matches()) {
            String prefix = leaks(wrong.group(1)) ? "" : wrong.group(1);
            String argument = wrong.group(2);
            String type = wrong.group(3);
            String reason = wrong.group(4);
            if (leaks(type)) {
                return prefix + "argument '" + argument + "' has an invalid value: check the type and format of "
                        + "each of its fields";
            }
            String text = prefix + "argument '" + argument + "' is not a valid '" + type + "'";
            return reason == null || leaks(reason) ? text : text + ": " + reason;
        }
        return "The request has an invalid value: check the types and formats of the arguments";
    }

    private static boolean apiException(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ApiException) {
                return true;
            }
        }
        return false;
    }

    private static GraphQLError rewrite(GraphQLError error, String message, String code) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("code", code);
        return GraphqlErrorBuilder.newError().message(message).locations(error.getLocations()).path(error.getPath())
                .errorType(error.getErrorType() == null ? ErrorType.DataFetchingException : error.getErrorType())
                .extensions(extensions).build();
    }
}
