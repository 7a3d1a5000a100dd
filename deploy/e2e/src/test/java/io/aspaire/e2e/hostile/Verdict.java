package io.aspaire.e2e.hostile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What an answer to a hostile request must not be: a 5xx, a hang (no answer within its bound), "System error" or an
 * internal-error code, a message naming a Java class or package, or another user's data. Null when it is none of them.
 */
public final class Verdict {

    public static final String SERVER_ERROR = "5xx";
    public static final String HANG = "hang (no answer within the bound)";
    public static final String NO_ANSWER = "connection failed";
    public static final String SYSTEM_ERROR = "\"System error\" / internal error";
    public static final String CLASS_NAME = "Java class or package name in a message";
    public static final String LEAK = "another user's data in the answer";

    /** A Java package or a class by its usual suffix; the rule: no class or package name in any message. */
    static final Pattern JAVA_PACKAGE = Pattern.compile(
            "\\b(io\\.aspaire|java\\.|javax\\.|jakarta\\.|org\\.hibernate|io\\.vertx|io\\.smallrye|io\\.quarkus"
                    + "|io\\.netty|org\\.jboss|org\\.postgresql|com\\.fasterxml|graphql\\.[a-z]|org\\.apache"
                    + "|com\\.mongodb|org\\.bson)[\\w.$]*");
    /** A class by its usual suffix (in messages only: extensions carry graphql-java's "ValidationError" etc.). */
    static final Pattern JAVA_CLASS = Pattern.compile("\\b[A-Z]\\w*(Exception|Error)\\b");
    static final Pattern INTERNAL = Pattern.compile("(?i)system error|internal (server |gateway )?error");
    static final Pattern INTERNAL_CODE = Pattern.compile("\"code\"\\s*:\\s*\"INTERNAL[A-Z_]*\"");

    static final ObjectMapper JSON = new ObjectMapper();

    /** The failure class and why, or null when the answer is acceptable. */
    public record Failure(String kind, String why) {
    }

    private Verdict() {
    }

    public static Failure judge(Probe probe, int status, String body) {
        if (status >= 500) {
            return new Failure(SERVER_ERROR, "HTTP " + status + ": " + shorten(body, 400));
        }
        String leaked = leak(probe.secrets(), status, body);
        if (leaked != null) {
            return new Failure(LEAK, leaked + " in: " + shorten(body, 400));
        }
        for (Text text : texts(status, body)) {
            if (INTERNAL.matcher(text.value()).find() || INTERNAL_CODE.matcher(text.value()).find()) {
                return new Failure(SYSTEM_ERROR, shorten(text.value(), 400));
            }
            Matcher java = JAVA_PACKAGE.matcher(text.value());
            if (java.find()) {
                return new Failure(CLASS_NAME, java.group() + " in: " + shorten(text.value(), 400));
            }
            Matcher suffix = JAVA_CLASS.matcher(text.value());
            while (text.message() && suffix.find()) {
                if (!suffix.group().equals("Error") && !suffix.group().equals("Exception")) {
                    return new Failure(CLASS_NAME, suffix.group() + " in: " + shorten(text.value(), 400));
                }
            }
        }
        return null;
    }

    /** Which of another user's secrets the answer carries, or null. */
    static String leak(Secrets secrets, int status, String body) {
        if (secrets == null) {
            return null;
        }
        if (body.toLowerCase(Locale.ROOT).contains(secrets.marker())) {
            return "user B's marker " + secrets.marker();
        }
        String data = null;
        try {
            JsonNode json = JSON.readTree(body);
            data = json != null && json.has("data") ? json.path("data").toString() : status < 300 ? body : null;
        } catch (Exception notJson) {
            data = status < 300 ? body : null;
        }
        if (data != null) {
            for (String id : secrets.ids()) {
                if (data.contains(id)) {
                    return "user B's id " + id;
                }
            }
        }
        return null;
    }

    /** A text of the answer to check; {@code message}: shown to people (not a machine-readable extension). */
    record Text(String value, boolean message) {
    }

    /**
     * The texts to check: every GraphQL error (message and extensions, which include the code) of a JSON answer, and
     * the whole body of an error answer that is not GraphQL.
     */
    static List<Text> texts(int status, String body) {
        List<Text> out = new ArrayList<>();
        JsonNode json = null;
        try {
            json = JSON.readTree(body);
        } catch (Exception notJson) {
            // a plain-text or HTML error page: check the text itself
        }
        if (json != null && json.has("errors")) {
            for (JsonNode error : json.path("errors")) {
                out.add(new Text(error.path("message").asText(""), true));
                if (error.has("extensions")) {
                    out.add(new Text(error.path("extensions").toString(), false));
                }
            }
        } else if (status >= 400 || json == null) {
            out.add(new Text(body, true));
        }
        return out;
    }

    public static String shorten(String text, int max) {
        if (text == null) {
            return "";
        }
        String oneLine = text.replace("\n", "\\n").replace("\r", "\\r");
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max) + "... (" + text.length() + " chars)";
    }
}
