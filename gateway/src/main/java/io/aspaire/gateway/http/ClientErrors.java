package io.aspaire.gateway.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The last step before an error reaches a client: no message may name a Java class or package, an exception, or
 * graphql-java's syntax-tree nodes. graphql-java's own coercion and validation messages do (variables are Java maps
 * and lists by then: "but it was a 'LinkedHashMap'", "with value 'StringValue{value='x'}'"), and so may a subgraph's
 * message passed through. Known phrasings are rewritten into GraphQL/JSON words; a message that still leaks after
 * that is replaced by a generic one. {@code extensions} loses the implementation fields ({@code exception},
 * {@code classification}, stack traces) that some GraphQL servers add.
 */
final class ClientErrors {

    static final String GENERIC_MESSAGE = "The request could not be processed.";

    private static final Set<String> INTERNAL_EXTENSIONS = Set.of("exception", "classification", "stackTrace",
            "stacktrace", "trace");

    private static final Pattern QUALIFIED_CLASS = Pattern.compile("\\b(?:[a-z_][a-z0-9_]*\\.)+([A-Z][A-Za-z0-9_$]*)");
    private static final String AST_NAMES = "StringValue|IntValue|FloatValue|BooleanValue|EnumValue|NullValue"
            + "|ArrayValue|ObjectValue|ObjectField|VariableReference";
    /** "argument 'n' with value 'StringValue{value='x'}' is not a valid 'Int'": the dump adds nothing. */
    private static final Pattern WITH_AST_VALUE = Pattern.compile("with value '(?:" + AST_NAMES + ")\\{.*?}' (?=is not)");
    private static final Pattern AST_TYPE_EXPECTED = Pattern.compile(
            "Expected an AST type of '(\\w+?)Value' but it was a '(\\w+?)Value'");
    private static final Pattern ENUM_VALUE = Pattern.compile("'EnumValue\\{name='(\\w+)'}'");
    private static final Pattern JAVA_VALUE_CLASS = Pattern.compile("(but (?:it )?was an? |but was )'([A-Za-z0-9_$]+)'");
    private static final Pattern MAP_EXPECTED = Pattern.compile(
            "Expected type 'Map' but was '([^']*)'\\. Variables for input objects must be an instance of type 'Map'\\.");
    private static final Pattern LEAK = Pattern.compile("\\b[A-Z][A-Za-z0-9]*(?:Exception|Throwable)\\b|\\b(?:"
            + AST_NAMES + ")\\{|\\b(?:LinkedHashMap|HashMap|ArrayList|ImmutableMap|ImmutableList)\\b");

    private ClientErrors() {
    }

    /** A copy of {@code body} whose {@code errors} carry only client-safe messages and extensions. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> clean(Map<String, Object> body) {
        if (!(body.get("errors") instanceof List<?> errors)) {
            return body;
        }
        List<Object> cleaned = new ArrayList<>(errors.size());
        for (Object error : errors) {
            if (error instanceof Map<?, ?> map) {
                cleaned.add(cleanError((Map<String, Object>) map));
            } else {
                cleaned.add(error);
            }
        }
        Map<String, Object> copy = new LinkedHashMap<>(body);
        copy.put("errors", cleaned);
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cleanError(Map<String, Object> error) {
        Map<String, Object> copy = new LinkedHashMap<>(error);
        if (error.get("message") instanceof String message) {
            copy.put("message", message(message));
        }
        if (error.get("extensions") instanceof Map<?, ?> extensions) {
            Map<String, Object> kept = new LinkedHashMap<>();
            ((Map<String, Object>) extensions).forEach((key, value) -> {
                if (!INTERNAL_EXTENSIONS.contains(key)) {
                    kept.put(key, value);
                }
            });
            copy.put("extensions", kept);
        }
        return copy;
    }

    /** {@code message} without Java names (rewritten where the phrasing is known, replaced otherwise). */
    static String message(String message) {
        String result = QUALIFIED_CLASS.matcher(message).replaceAll("$1");
        result = WITH_AST_VALUE.matcher(result).replaceAll("");
        result = replace(AST_TYPE_EXPECTED, result, m -> "Expected " + article(astWord(m.group(1))) + " but it was "
                + article(astWord(m.group(2))));
        result = ENUM_VALUE.matcher(result).replaceAll("'$1'");
        result = replace(MAP_EXPECTED, result, m -> "Expected an input object but was " + javaWord(m.group(1))
                + ". Variables for input objects must be JSON objects.");
        result = replace(JAVA_VALUE_CLASS, result, m -> {
            String word = javaWord(m.group(2));
            return word.equals(m.group(2)) ? m.group() // not a Java class: a value, kept as it is
                    : m.group(1).replaceFirst("an? $", "") + article(word);
        });
        return LEAK.matcher(result).find() ? GENERIC_MESSAGE : result;
    }

    private static String replace(Pattern pattern, String text, java.util.function.Function<Matcher, String> with) {
        Matcher m = pattern.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(with.apply(m)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The JSON word for a Java value class graphql-java names (variables arrive as Java maps, lists and boxes). */
    private static String javaWord(String className) {
        String name = className.replaceAll("\\d+$", "");
        if (name.endsWith("Map")) {
            return "object";
        }
        if (name.endsWith("List") || name.endsWith("Set") || name.equals("ListN") || name.endsWith("Array")) {
            return "list";
        }
        return switch (name) {
            case "String", "Character" -> "string";
            case "Integer", "Long", "Short", "Byte", "BigInteger" -> "integer";
            case "Double", "Float", "BigDecimal" -> "number";
            case "Boolean" -> "boolean";
            case "MapN" -> "object";
            default -> className;
        };
    }

    private static String astWord(String kind) {
        return switch (kind) {
            case "Int" -> "integer";
            case "Float" -> "number";
            case "String" -> "string";
            case "Boolean" -> "boolean";
            case "Enum" -> "enum value";
            case "Null" -> "null";
            case "Array" -> "list";
            case "Object" -> "input object";
            default -> "value";
        };
    }

    private static String article(String word) {
        return word.equals("null") ? word : ("aeiou".indexOf(word.charAt(0)) >= 0 ? "an " : "a ") + word;
    }
}
