package io.aspaire.gateway.composition;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import graphql.language.ArrayValue;
import graphql.language.Directive;
import graphql.language.Document;
import graphql.language.ObjectField;
import graphql.language.ObjectValue;
import graphql.language.SchemaDefinition;
import graphql.language.StringValue;
import graphql.language.Value;

/**
 * Maps the directive names a subgraph uses to the federation directives they stand for.
 * <p>
 * Federation 2 subgraphs declare {@code @link(url: "https://specs.apollo.dev/federation/v2.x", import: [...])}:
 * imported directives keep their name (or the {@code as} rename), the others are namespaced
 * ({@code @federation__key}). Federation 1 subgraphs have no {@code @link} and use plain names.
 */
final class FederationDirectives {

    static final Set<String> KNOWN = Set.of("key", "external", "requires", "provides", "shareable", "inaccessible",
            "extends", "override", "tag", "interfaceObject", "composeDirective", "authenticated", "requiresScopes",
            "policy", "context", "fromContext", "cost", "listSize");

    private final boolean federation2;
    private final Map<String, String> localToCanonical;

    private FederationDirectives(boolean federation2, Map<String, String> localToCanonical) {
        this.federation2 = federation2;
        this.localToCanonical = localToCanonical;
    }

    boolean isFederation2() {
        return federation2;
    }

    /** The federation directive {@code directiveName} stands for in this subgraph, or {@code null}. */
    String canonical(String directiveName) {
        return localToCanonical.get(directiveName);
    }

    static FederationDirectives of(Document document) {
        Map<String, String> map = new HashMap<>();
        boolean federation2 = false;
        for (var definition : document.getDefinitions()) {
            if (!(definition instanceof SchemaDefinition schema)) { // SchemaExtensionDefinition extends SchemaDefinition
                continue;
            }
            for (Directive directive : schema.getDirectives()) {
                if (!directive.getName().equals("link")) {
                    continue;
                }
                String url = stringArg(directive, "url");
                if (url == null) {
                    continue;
                }
                boolean federationSpec = url.contains("specs.apollo.dev/federation/");
                boolean inaccessibleSpec = url.contains("specs.apollo.dev/inaccessible/");
                if (!federationSpec && !inaccessibleSpec) {
                    continue;
                }
                federation2 |= federationSpec;
                String prefix = stringArg(directive, "as");
                if (prefix == null) {
                    prefix = federationSpec ? "federation" : "inaccessible";
                }
                if (federationSpec) {
                    for (String name : KNOWN) {
                        map.put(prefix + "__" + name, name);
                    }
                } else {
                    map.put(prefix, "inaccessible");
                }
                var imports = directive.getArgument("import");
                if (imports != null && imports.getValue() instanceof ArrayValue array) {
                    for (Value<?> value : array.getValues()) {
                        addImport(map, value);
                    }
                }
            }
        }
        if (!federation2) {
            for (String name : KNOWN) {
                map.putIfAbsent(name, name);
            }
        }
        return new FederationDirectives(federation2, map);
    }

    private static void addImport(Map<String, String> map, Value<?> value) {
        String name = null;
        String as = null;
        if (value instanceof StringValue s) {
            name = s.getValue();
        } else if (value instanceof ObjectValue o) {
            for (ObjectField f : o.getObjectFields()) {
                if (f.getValue() instanceof StringValue s) {
                    if (f.getName().equals("name")) {
                        name = s.getValue();
                    } else if (f.getName().equals("as")) {
                        as = s.getValue();
                    }
                }
            }
        }
        if (name == null || !name.startsWith("@")) {
            return; // imported types such as FieldSet need no mapping
        }
        String canonical = name.substring(1);
        String local = as != null ? as.replaceFirst("^@", "") : canonical;
        map.put(local, canonical);
    }

    static String stringArg(Directive directive, String name) {
        var argument = directive.getArgument(name);
        if (argument != null && argument.getValue() instanceof StringValue s) {
            return s.getValue();
        }
        return null;
    }

    static Boolean booleanArg(Directive directive, String name) {
        var argument = directive.getArgument(name);
        if (argument != null && argument.getValue() instanceof graphql.language.BooleanValue b) {
            return b.isValue();
        }
        return null;
    }

    static List<Directive> none() {
        return List.of();
    }
}
