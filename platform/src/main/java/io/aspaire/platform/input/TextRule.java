package io.aspaire.platform.input;

import java.util.List;
import java.util.Map;

import io.aspaire.platform.errors.BadRequestException;

/**
 * The one rule for text a client sends, on every service and transport (GraphQL arguments and input objects, REST JSON
 * bodies, multipart text parts and file names, query and path parameters): no control characters.
 * <p>
 * Refused: C0 controls U+0000–U+001F except tab, line feed and carriage return; DEL and the C1 controls
 * U+007F–U+009F; unpaired surrogates (not text at all: PostgreSQL and MongoDB cannot store them as UTF-8). NUL in
 * particular is refused by PostgreSQL's text and jsonb types, so without this rule it surfaced as a 500.
 * Allowed: everything else, including U+2028/U+2029 (line and paragraph separators are valid text in JSON and in
 * every store, and a pasted resume may hold them) and all printable Unicode.
 */
public final class TextRule {

    private TextRule() {
    }

    /** True when {@code value} breaks the rule. */
    public static boolean violates(CharSequence value) {
        return value != null && firstViolation(value) >= 0;
    }

    /** The index of the first refused character, or -1. */
    public static int firstViolation(CharSequence value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20) {
                if (c != '\t' && c != '\n' && c != '\r') {
                    return i;
                }
            } else if (c >= 0x7F && c <= 0x9F) {
                return i;
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return i;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** The client-facing message for a field that breaks the rule. */
    public static String message(String field) {
        return field + " must not contain control characters";
    }

    /** Returns {@code value} unchanged, or fails with 400 / BAD_REQUEST naming the field. */
    public static String check(String field, String value) {
        if (violates(value)) {
            throw new BadRequestException(message(field));
        }
        return value;
    }

    /**
     * The path of the first string breaking the rule inside a tree of maps, lists and strings (a GraphQL argument
     * value, decoded JSON), e.g. {@code input.jobTitles[2]}; null when everything is clean. Map keys are checked too.
     */
    public static String firstViolatingPath(String path, Object value) {
        if (value instanceof CharSequence text) {
            return violates(text) ? path : null;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = String.valueOf(entry.getKey());
                String child = path == null || path.isEmpty() ? key : path + "." + key;
                if (violates(key)) {
                    return child;
                }
                String found = firstViolatingPath(child, entry.getValue());
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                String found = firstViolatingPath(path + "[" + i + "]", list.get(i));
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
