package io.aspaire.e2e.hostile;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.aspaire.e2e.hostile.GraphQLSchema.InputValue;
import io.aspaire.e2e.hostile.GraphQLSchema.Type;
import io.aspaire.e2e.hostile.GraphQLSchema.TypeRef;

/**
 * Boundary values of a GraphQL type (and of a REST body field, described with the same type references): for each
 * argument, a valid baseline, and the cases that replace it one at a time (null, empty, huge, NUL and other control
 * characters, out-of-range numbers and dates, wrong types, invalid ids, another user's id, malformed input objects and
 * lists), recursively into the fields of input objects and the elements of lists.
 */
public final class BoundaryValues {

    /** Stands for an unpaired surrogate: Jackson cannot write one, the request text gets the JSON escape instead. */
    public static final String LONE_SURROGATE = "\uE000LONE-SURROGATE\uE000";
    /** The JSON text of {@link #LONE_SURROGATE} once serialised. */
    public static final String LONE_SURROGATE_ESCAPE = "\\ud800";

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final String HUGE = "a".repeat(100 * 1024);
    static final int LONG_LIST = 10_000;
    static final int MAX_DEPTH = 3;

    /** One replacement: what it is, and the whole argument value it gives. */
    public record Case(String label, JsonNode value) {
    }

    /** The ids the fixtures created, by kind (user, job, resume, application, note, reminder). */
    public record KnownIds(Map<String, String> mine, Map<String, String> others) {
    }

    private final Map<String, Type> types;
    private final KnownIds ids;
    private final AtomicLong unique = new AtomicLong();

    public BoundaryValues(Map<String, Type> types, KnownIds ids) {
        this.types = types;
        this.ids = ids;
    }

    // ----------------------------------------------------------------------------------------------------------------
    // valid baseline
    // ----------------------------------------------------------------------------------------------------------------

    /**
     * A valid value for an argument or input field: required ones always get one, optional ones only when the name
     * says what they are (an id, a page, a page size); otherwise null, so one case varies one thing.
     */
    public JsonNode baseline(TypeRef type, String field, String name) {
        if (type.nonNull()) {
            return required(type.ofType(), field, name);
        }
        if (idKind(field, name) != null || isPage(name) || isPageSize(name)) {
            return required(type, field, name);
        }
        return NODES.nullNode();
    }

    private JsonNode required(TypeRef type, String field, String name) {
        TypeRef t = type.nullable();
        if (t.kind().equals("LIST")) {
            ArrayNode list = NODES.arrayNode();
            list.add(required(t.ofType(), field, singular(name)));
            return list;
        }
        Type named = types.get(t.name());
        String kind = named == null ? t.kind() : named.kind();
        if (kind.equals("ENUM")) {
            return NODES.textNode(named.enumValues().get(0));
        }
        if (kind.equals("INPUT_OBJECT")) {
            ObjectNode object = NODES.objectNode();
            for (InputValue f : named.inputFields()) {
                JsonNode value = baseline(f.type(), field, f.name());
                if (!value.isNull()) {
                    object.set(f.name(), value);
                }
            }
            return object;
        }
        String n = name.toLowerCase(Locale.ROOT);
        return switch (scalar(t.name(), name)) {
            case "ID" -> NODES.textNode(id(ids.mine(), field, name, UUID.randomUUID().toString()));
            case "INT", "LONG" -> NODES.numberNode(isPage(name) ? 0 : isPageSize(name) ? 10 : 1);
            case "FLOAT", "DECIMAL" -> NODES.numberNode(1);
            case "BOOLEAN" -> NODES.booleanNode(false);
            case "DATETIME" -> NODES.textNode(Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS)
                    .toString());
            case "STRING" -> NODES.textNode(n.contains("email") ? "hostile-" + unique.incrementAndGet() + "-"
                    + UUID.randomUUID().toString().substring(0, 8) + "@example.com"
                    : n.contains("currency") ? "EUR"
                    : n.contains("password") ? "correct horse battery staple"
                    : "hostile baseline");
            default -> NODES.objectNode();
        };
    }

    // ----------------------------------------------------------------------------------------------------------------
    // the cases
    // ----------------------------------------------------------------------------------------------------------------

    public List<Case> cases(TypeRef type, String field, String name) {
        return cases(type, field, name, 0);
    }

    private List<Case> cases(TypeRef type, String field, String name, int depth) {
        List<Case> out = new ArrayList<>();
        out.add(new Case("null", NODES.nullNode()));
        TypeRef t = type.nullable();
        if (depth > MAX_DEPTH) {
            out.add(new Case("wrong type {}", NODES.objectNode()));
            return out;
        }
        if (t.kind().equals("LIST")) {
            out.add(new Case("[]", NODES.arrayNode()));
            ArrayNode withNull = NODES.arrayNode();
            withNull.addNull();
            out.add(new Case("[null]", withNull));
            JsonNode item = required(t.ofType(), field, singular(name));
            ArrayNode many = NODES.arrayNode();
            for (int i = 0; i < LONG_LIST; i++) {
                many.add(item.deepCopy());
            }
            out.add(new Case(LONG_LIST + " items", many));
            out.add(new Case("wrong type {}", NODES.objectNode()));
            for (Case element : cases(t.ofType(), field, singular(name), depth + 1)) {
                if (!element.value().isNull()) {
                    ArrayNode one = NODES.arrayNode();
                    one.add(element.value());
                    out.add(new Case("[" + element.label() + "]", one));
                }
            }
            return out;
        }
        Type named = types.get(t.name());
        String kind = named == null ? t.kind() : named.kind();
        if (kind.equals("ENUM")) {
            out.add(new Case("invalid enum value", NODES.textNode("NOT_A_VALUE")));
            out.add(new Case("empty enum", NODES.textNode("")));
            out.add(new Case("lower-case enum", NODES.textNode(named.enumValues().get(0).toLowerCase(Locale.ROOT))));
            out.add(new Case("number for enum", NODES.numberNode(1)));
            return out;
        }
        if (kind.equals("INPUT_OBJECT")) {
            ObjectNode base = (ObjectNode) required(t, field, name);
            out.add(new Case("{} (required fields missing)", NODES.objectNode()));
            out.add(new Case("wrong type \"x\"", NODES.textNode("x")));
            out.add(new Case("wrong type []", NODES.arrayNode()));
            ObjectNode unknown = base.deepCopy();
            unknown.put("unknownField", 1);
            out.add(new Case("unknown field", unknown));
            for (InputValue f : named.inputFields()) {
                for (Case c : cases(f.type(), field, f.name(), depth + 1)) {
                    ObjectNode changed = base.deepCopy();
                    changed.set(f.name(), c.value());
                    out.add(new Case(f.name() + "=" + c.label(), changed));
                }
            }
            return out;
        }
        out.addAll(scalarCases(scalar(t.name(), name), field, name));
        return out;
    }

    private List<Case> scalarCases(String scalar, String field, String name) {
        List<Case> out = new ArrayList<>();
        switch (scalar) {
            case "STRING" -> {
                out.addAll(strings());
                out.add(new Case("wrong type 42", NODES.numberNode(42)));
                out.add(new Case("wrong type {}", NODES.objectNode()));
                String n = name.toLowerCase(Locale.ROOT);
                if (n.contains("email")) {
                    out.add(new Case("not an e-mail", NODES.textNode("not-an-email")));
                }
                if (n.contains("currency")) {
                    out.add(new Case("not a currency", NODES.textNode("euro")));
                }
            }
            case "ID" -> {
                out.add(new Case("\"\"", NODES.textNode("")));
                out.add(new Case("not-a-uuid", NODES.textNode("not-a-uuid")));
                out.add(new Case("random uuid", NODES.textNode(UUID.randomUUID().toString())));
                out.add(new Case("NUL", NODES.textNode("\u0000")));
                out.add(new Case("10 KB id", NODES.textNode("a".repeat(10 * 1024))));
                out.add(new Case("uuid + NUL", NODES.textNode(UUID.randomUUID() + "\u0000")));
                out.add(new Case("number id", NODES.numberNode(42)));
                out.add(new Case("SQL-ish id", NODES.textNode("' OR 1=1 --")));
                String other = id(ids.others(), field, name, null);
                if (other != null) {
                    out.add(new Case("another user's id", NODES.textNode(other)));
                }
            }
            case "INT" -> {
                out.add(new Case("0", NODES.numberNode(0)));
                out.add(new Case("-1", NODES.numberNode(-1)));
                out.add(new Case("Integer.MAX", NODES.numberNode(Integer.MAX_VALUE)));
                out.add(new Case("Integer.MIN", NODES.numberNode(Integer.MIN_VALUE)));
                out.add(new Case("2^31 (out of range)", NODES.numberNode(2_147_483_648L)));
                out.add(new Case("1.5", NODES.numberNode(1.5)));
                out.add(new Case("wrong type \"x\"", NODES.textNode("x")));
                out.add(new Case("wrong type true", NODES.booleanNode(true)));
            }
            case "LONG" -> {
                out.add(new Case("0", NODES.numberNode(0)));
                out.add(new Case("-1", NODES.numberNode(-1)));
                out.add(new Case("Long.MAX", NODES.numberNode(Long.MAX_VALUE)));
                out.add(new Case("Long.MIN", NODES.numberNode(Long.MIN_VALUE)));
                out.add(new Case("2^63 (out of range)", NODES.numberNode(BigInteger.TWO.pow(63))));
                out.add(new Case("1.5", NODES.numberNode(1.5)));
                out.add(new Case("wrong type \"x\"", NODES.textNode("x")));
            }
            case "FLOAT", "DECIMAL" -> {
                out.add(new Case("0", NODES.numberNode(0)));
                out.add(new Case("-1", NODES.numberNode(-1)));
                out.add(new Case("1e308", NODES.numberNode(1e308)));
                out.add(new Case("-1e308", NODES.numberNode(-1e308)));
                out.add(new Case("1e-320", NODES.numberNode(new BigDecimal("1e-320"))));
                out.add(new Case("1e400 (beyond double)", NODES.numberNode(new BigDecimal("1e400"))));
                out.add(new Case("40 digits", NODES.numberNode(new BigDecimal(
                        "1234567890123456789012345678901234567890.123456789"))));
                out.add(new Case("\"NaN\"", NODES.textNode("NaN")));
                out.add(new Case("\"1e1000000\"", NODES.textNode("1e1000000")));
                out.add(new Case("wrong type \"x\"", NODES.textNode("x")));
                out.add(new Case("wrong type true", NODES.booleanNode(true)));
            }
            case "BOOLEAN" -> {
                out.add(new Case("\"true\" (string)", NODES.textNode("true")));
                out.add(new Case("0", NODES.numberNode(0)));
                out.add(new Case("wrong type {}", NODES.objectNode()));
            }
            case "DATETIME" -> out.addAll(dates());
            default -> {
                // custom scalars (_Any, _FieldSet, ...): anything at all
                out.add(new Case("\"\"", NODES.textNode("")));
                out.add(new Case("\"x\"", NODES.textNode("x")));
                out.add(new Case("0", NODES.numberNode(0)));
                out.add(new Case("{}", NODES.objectNode()));
                out.add(new Case("[]", NODES.arrayNode()));
                ObjectNode unknownType = NODES.objectNode();
                unknownType.put("__typename", "NoSuchType");
                out.add(new Case("unknown __typename", unknownType));
                for (String typename : List.of("Job", "User", "Application", "Resume")) {
                    ObjectNode entity = NODES.objectNode();
                    entity.put("__typename", typename);
                    out.add(new Case(typename + " without key", entity));
                    ObjectNode badKey = entity.deepCopy();
                    badKey.put("id", "not-a-uuid");
                    out.add(new Case(typename + " id not-a-uuid", badKey));
                    ObjectNode nulKey = entity.deepCopy();
                    nulKey.put("id", "\u0000");
                    out.add(new Case(typename + " id NUL", nulKey));
                }
            }
        }
        String n = name.toLowerCase(Locale.ROOT);
        if (scalar.equals("STRING") && (n.contains("date") || n.contains("time") || n.endsWith("after")
                || n.endsWith("before") || n.endsWith("at"))) {
            out.addAll(dates());
        }
        return out;
    }

    static List<Case> strings() {
        return List.of(
                new Case("\"\"", NODES.textNode("")),
                new Case("blank", NODES.textNode("   ")),
                new Case("100 KB", NODES.textNode(HUGE)),
                new Case("NUL", NODES.textNode("\u0000")),
                new Case("a\\u0001b", NODES.textNode("a\u0001b")),
                new Case("RTL override \\u202e", NODES.textNode("abc\u202edef")),
                new Case("unpaired surrogate \\ud800", NODES.textNode(LONE_SURROGATE)),
                new Case("CR LF TAB", NODES.textNode("a\r\n\tb")),
                new Case("emoji", NODES.textNode("\uD83D\uDE00 \u00e9")));
    }

    static List<Case> dates() {
        return List.of(
                new Case("year 0000", NODES.textNode("0000-01-01T00:00:00Z")),
                new Case("year +100000", NODES.textNode("+100000-01-01T00:00:00Z")),
                new Case("year -999999999", NODES.textNode("-999999999-01-01T00:00:00Z")),
                new Case("month 13", NODES.textNode("2024-13-45T99:99:99Z")),
                new Case("garbage date", NODES.textNode("garbage")),
                new Case("date without time", NODES.textNode("2024-01-01")),
                new Case("epoch number", NODES.numberNode(0)),
                new Case("year 9999", NODES.textNode("9999-12-31T23:59:59Z")));
    }

    // ----------------------------------------------------------------------------------------------------------------
    // names
    // ----------------------------------------------------------------------------------------------------------------

    /** STRING, ID, INT, LONG, FLOAT, DECIMAL, BOOLEAN, DATETIME or OTHER (custom scalars such as _Any). */
    static String scalar(String typeName, String argName) {
        String t = typeName == null ? "" : typeName;
        return switch (t) {
            case "String" -> "STRING";
            case "ID" -> "ID";
            case "Int", "Short", "Byte" -> "INT";
            case "Long", "BigInteger" -> "LONG";
            case "Float" -> "FLOAT";
            case "BigDecimal", "Decimal" -> "DECIMAL";
            case "Boolean" -> "BOOLEAN";
            default -> t.contains("Date") || t.contains("Time") || t.equals("Instant") ? "DATETIME" : "OTHER";
        };
    }

    /** Which kind of id an argument (or input field) {@code name} of {@code field} carries, or null. */
    public static String idKind(String field, String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith("id") && n.length() > 2) {
            return n.substring(0, n.length() - 2);
        }
        if (n.endsWith("ids") && n.length() > 3) {
            return n.substring(0, n.length() - 3);
        }
        if (!n.equals("id") && !n.equals("ids")) {
            return null;
        }
        String f = field.toLowerCase(Locale.ROOT);
        for (String kind : List.of("resume", "application", "note", "reminder", "user", "job")) {
            if (f.contains(kind)) {
                return kind;
            }
        }
        return "job";
    }

    private static String id(Map<String, String> known, String field, String name, String otherwise) {
        String kind = idKind(field, name);
        return kind == null ? otherwise : known.getOrDefault(kind, otherwise);
    }

    static boolean isPage(String name) {
        return name.equals("page") || name.equals("offset");
    }

    static boolean isPageSize(String name) {
        return List.of("size", "first", "last", "limit", "pageSize").contains(name);
    }

    static String singular(String name) {
        return name.endsWith("ids") ? name.substring(0, name.length() - 1) : name;
    }
}
