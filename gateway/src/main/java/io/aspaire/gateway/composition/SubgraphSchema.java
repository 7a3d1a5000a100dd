package io.aspaire.gateway.composition;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import graphql.language.Definition;
import graphql.language.Description;
import graphql.language.Directive;
import graphql.language.DirectivesContainer;
import graphql.language.Document;
import graphql.language.EnumTypeDefinition;
import graphql.language.EnumValueDefinition;
import graphql.language.FieldDefinition;
import graphql.language.InputObjectTypeDefinition;
import graphql.language.InputValueDefinition;
import graphql.language.InterfaceTypeDefinition;
import graphql.language.ListType;
import graphql.language.NonNullType;
import graphql.language.ObjectTypeDefinition;
import graphql.language.ObjectTypeExtensionDefinition;
import graphql.language.OperationTypeDefinition;
import graphql.language.ScalarTypeDefinition;
import graphql.language.SchemaDefinition;
import graphql.language.Type;
import graphql.language.TypeName;
import graphql.language.UnionTypeDefinition;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.parser.ParserEnvironment;
import graphql.parser.ParserOptions;

/**
 * What the gateway knows about one subgraph: its types and fields as that subgraph declares them, with the
 * federation directives ({@code @key}, {@code @external}, {@code @requires}, {@code @provides}, {@code @shareable},
 * {@code @inaccessible}, {@code @override}, {@code @extends}) already interpreted.
 * <p>
 * Root types are renamed to {@code Query}/{@code Mutation}/{@code Subscription} whatever the subgraph calls them, and the federation
 * plumbing ({@code _service}, {@code _entities}, {@code _Any}, {@code link__*} ...) is left out.
 */
public final class SubgraphSchema {

    public enum Kind { OBJECT, INTERFACE, UNION, ENUM, INPUT_OBJECT, SCALAR }

    public static final Set<String> BUILT_IN_SCALARS = Set.of("String", "Int", "Float", "Boolean", "ID");

    private static final Set<String> FEDERATION_TYPES = Set.of("_Service", "_Entity", "_Any", "_FieldSet", "link__Import",
            "link__Purpose", "federation__FieldSet", "federation__Scope", "federation__Policy", "federation__ContextFieldValue");

    /** An entity key of a type in this subgraph. */
    public record Key(FieldSet fields, boolean resolvable) {
    }

    /** A field of an object or interface type as declared by this subgraph. */
    public static final class Field {
        final String name;
        final Type<?> type;
        final List<InputValueDefinition> arguments;
        final Description description;
        final List<Directive> apiDirectives;
        boolean external;
        boolean shareable;
        boolean inaccessible;
        String overrideFrom;
        FieldSet requires;
        FieldSet provides;
        /** Set during composition when another subgraph took this field over with {@code @override(from: ...)}. */
        boolean overridden;

        Field(FieldDefinition definition) {
            this.name = definition.getName();
            this.type = definition.getType();
            this.arguments = definition.getInputValueDefinitions();
            this.description = definition.getDescription();
            this.apiDirectives = definition.getDirectives().stream().filter(d -> d.getName().equals("deprecated")).toList();
        }

        public String name() {
            return name;
        }

        public Type<?> type() {
            return type;
        }

        public String typeName() {
            return namedType(type);
        }

        public boolean isExternal() {
            return external;
        }

        public FieldSet requires() {
            return requires;
        }

        public FieldSet provides() {
            return provides;
        }
    }

    /** A named type as declared by this subgraph (definition and extensions folded together). */
    public static final class TypeInfo {
        final String name;
        final Kind kind;
        Description description;
        final LinkedHashMap<String, Field> fields = new LinkedHashMap<>();
        final LinkedHashSet<String> interfaces = new LinkedHashSet<>();
        final LinkedHashSet<String> unionMembers = new LinkedHashSet<>();
        final LinkedHashMap<String, EnumValueDefinition> enumValues = new LinkedHashMap<>();
        final LinkedHashMap<String, InputValueDefinition> inputFields = new LinkedHashMap<>();
        final List<Key> keys = new ArrayList<>();
        final List<Directive> apiDirectives = new ArrayList<>();
        boolean shareable;
        boolean inaccessible;
        boolean external;
        boolean extension;

        TypeInfo(String name, Kind kind) {
            this.name = name;
            this.kind = kind;
        }

        public String name() {
            return name;
        }

        public Kind kind() {
            return kind;
        }

        public Map<String, Field> fields() {
            return Collections.unmodifiableMap(fields);
        }

        public Set<String> interfaces() {
            return Collections.unmodifiableSet(interfaces);
        }

        public Set<String> unionMembers() {
            return Collections.unmodifiableSet(unionMembers);
        }

        public List<Key> keys() {
            return Collections.unmodifiableList(keys);
        }

        public boolean isEntity() {
            return !keys.isEmpty();
        }

        boolean isKeyField(String fieldName) {
            for (Key key : keys) {
                if (key.fields().get(fieldName) != null) {
                    return true;
                }
            }
            return false;
        }
    }

    private final String name;
    private final String sdl;
    private final boolean federation2;
    private final LinkedHashMap<String, TypeInfo> types;
    private final Map<String, Set<String>> possibleTypes = new HashMap<>();

    private SubgraphSchema(String name, String sdl, boolean federation2, LinkedHashMap<String, TypeInfo> types) {
        this.name = name;
        this.sdl = sdl;
        this.federation2 = federation2;
        this.types = types;
    }

    public String name() {
        return name;
    }

    public String sdl() {
        return sdl;
    }

    public boolean isFederation2() {
        return federation2;
    }

    public Map<String, TypeInfo> types() {
        return Collections.unmodifiableMap(types);
    }

    public TypeInfo type(String typeName) {
        return types.get(typeName);
    }

    public Field field(String typeName, String fieldName) {
        TypeInfo type = types.get(typeName);
        return type == null ? null : type.fields.get(fieldName);
    }

    /**
     * Whether this subgraph can return {@code typeName.fieldName} itself for objects it has in hand: the field is
     * declared here, not {@code @external} and not taken over by another subgraph. Key fields count as resolvable
     * even when marked {@code @external} (Federation 1 style): a subgraph always knows the keys of what it returns.
     */
    public boolean resolves(String typeName, String fieldName) {
        TypeInfo type = types.get(typeName);
        if (type == null) {
            return false;
        }
        Field field = type.fields.get(fieldName);
        if (field == null || field.overridden) {
            return false;
        }
        if (field.external || type.external) {
            return type.isKeyField(fieldName);
        }
        return true;
    }

    /** Keys of {@code typeName} through which this subgraph can be asked for the entity ({@code resolvable: true}). */
    public List<Key> resolvableKeys(String typeName) {
        TypeInfo type = types.get(typeName);
        if (type == null) {
            return List.of();
        }
        return type.keys.stream().filter(Key::resolvable).toList();
    }

    /** Object types this subgraph may return where {@code typeName} is expected. */
    public Set<String> possibleTypes(String typeName) {
        return possibleTypes.computeIfAbsent(typeName, t -> {
            TypeInfo type = types.get(t);
            if (type == null) {
                return Set.of();
            }
            return switch (type.kind) {
                case OBJECT -> Set.of(t);
                case UNION -> Collections.unmodifiableSet(new LinkedHashSet<>(type.unionMembers));
                case INTERFACE -> {
                    Set<String> result = new LinkedHashSet<>();
                    for (TypeInfo candidate : types.values()) {
                        if (candidate.kind == Kind.OBJECT && candidate.interfaces.contains(t)) {
                            result.add(candidate.name);
                        }
                    }
                    yield Collections.unmodifiableSet(result);
                }
                default -> Set.of();
            };
        });
    }

    static String namedType(Type<?> type) {
        if (type instanceof NonNullType nn) {
            return namedType(nn.getType());
        }
        if (type instanceof ListType list) {
            return namedType(list.getType());
        }
        return ((TypeName) type).getName();
    }

    /**
     * Parses a subgraph SDL ({@code _service { sdl }}).
     *
     * @throws CompositionException when the SDL cannot be read or uses federation directives wrongly
     */
    public static SubgraphSchema parse(String name, String sdl) throws CompositionException {
        Document document;
        try {
            document = Parser.parse(ParserEnvironment.newParserEnvironment().document(sdl)
                    .parserOptions(ParserOptions.getDefaultSdlParserOptions()).build());
        } catch (InvalidSyntaxException e) {
            throw new CompositionException(List.of("[" + name + "] SDL syntax error: " + e.getMessage()));
        }
        FederationDirectives federation = FederationDirectives.of(document);
        List<String> errors = new ArrayList<>();

        // Root operation types may have other names in a subgraph; the supergraph always calls them
        // Query/Mutation/Subscription.
        Map<String, String> rename = new HashMap<>();
        Set<String> skipped = new LinkedHashSet<>();
        for (Definition<?> definition : document.getDefinitions()) {
            if (definition instanceof SchemaDefinition schema) {
                for (OperationTypeDefinition op : schema.getOperationTypeDefinitions()) {
                    String typeName = op.getTypeName().getName();
                    switch (op.getName()) {
                        case "query" -> rename.put(typeName, "Query");
                        case "mutation" -> rename.put(typeName, "Mutation");
                        case "subscription" -> rename.put(typeName, "Subscription");
                        default -> skipped.add(typeName);
                    }
                }
            }
        }

        LinkedHashMap<String, TypeInfo> types = new LinkedHashMap<>();
        for (Definition<?> definition : document.getDefinitions()) {
            if (definition instanceof ObjectTypeDefinition object) {
                String typeName = rename.getOrDefault(object.getName(), object.getName());
                if (skip(typeName, skipped, federation)) {
                    continue;
                }
                TypeInfo type = typeFor(types, typeName, Kind.OBJECT, name, errors);
                if (type == null) {
                    continue;
                }
                if (object instanceof ObjectTypeExtensionDefinition) {
                    type.extension = true;
                }
                if (type.description == null) {
                    type.description = object.getDescription();
                }
                object.getImplements().forEach(i -> type.interfaces.add(namedType(i)));
                applyTypeDirectives(type, object, federation, name, errors);
                for (FieldDefinition fd : object.getFieldDefinitions()) {
                    if (typeName.equals("Query") && (fd.getName().equals("_service") || fd.getName().equals("_entities"))) {
                        continue;
                    }
                    addField(type, fd, federation, name, errors, rename);
                }
            } else if (definition instanceof InterfaceTypeDefinition iface) {
                if (skip(iface.getName(), skipped, federation)) {
                    continue;
                }
                TypeInfo type = typeFor(types, iface.getName(), Kind.INTERFACE, name, errors);
                if (type == null) {
                    continue;
                }
                if (type.description == null) {
                    type.description = iface.getDescription();
                }
                iface.getImplements().forEach(i -> type.interfaces.add(namedType(i)));
                applyTypeDirectives(type, iface, federation, name, errors);
                for (FieldDefinition fd : iface.getFieldDefinitions()) {
                    addField(type, fd, federation, name, errors, rename);
                }
            } else if (definition instanceof UnionTypeDefinition union) {
                if (skip(union.getName(), skipped, federation)) {
                    continue;
                }
                TypeInfo type = typeFor(types, union.getName(), Kind.UNION, name, errors);
                if (type == null) {
                    continue;
                }
                if (type.description == null) {
                    type.description = union.getDescription();
                }
                union.getMemberTypes().forEach(m -> type.unionMembers.add(namedType(m)));
                applyTypeDirectives(type, union, federation, name, errors);
            } else if (definition instanceof EnumTypeDefinition enumType) {
                if (skip(enumType.getName(), skipped, federation)) {
                    continue;
                }
                TypeInfo type = typeFor(types, enumType.getName(), Kind.ENUM, name, errors);
                if (type == null) {
                    continue;
                }
                if (type.description == null) {
                    type.description = enumType.getDescription();
                }
                for (EnumValueDefinition value : enumType.getEnumValueDefinitions()) {
                    type.enumValues.putIfAbsent(value.getName(), value);
                }
                applyTypeDirectives(type, enumType, federation, name, errors);
            } else if (definition instanceof InputObjectTypeDefinition input) {
                if (skip(input.getName(), skipped, federation)) {
                    continue;
                }
                TypeInfo type = typeFor(types, input.getName(), Kind.INPUT_OBJECT, name, errors);
                if (type == null) {
                    continue;
                }
                if (type.description == null) {
                    type.description = input.getDescription();
                }
                for (InputValueDefinition field : input.getInputValueDefinitions()) {
                    type.inputFields.putIfAbsent(field.getName(), field);
                }
                applyTypeDirectives(type, input, federation, name, errors);
            } else if (definition instanceof ScalarTypeDefinition scalar) {
                if (BUILT_IN_SCALARS.contains(scalar.getName()) || skip(scalar.getName(), skipped, federation)
                        || (federation.isFederation2() && scalar.getName().equals("FieldSet"))) {
                    continue;
                }
                TypeInfo type = typeFor(types, scalar.getName(), Kind.SCALAR, name, errors);
                if (type == null) {
                    continue;
                }
                if (type.description == null) {
                    type.description = scalar.getDescription();
                }
                applyTypeDirectives(type, scalar, federation, name, errors);
            }
        }
        SubgraphSchema schema = new SubgraphSchema(name, sdl, federation.isFederation2(), types);
        schema.checkFieldSets(errors);
        if (!errors.isEmpty()) {
            throw new CompositionException(errors);
        }
        return schema;
    }

    private static boolean skip(String typeName, Set<String> skipped, FederationDirectives federation) {
        return skipped.contains(typeName) || FEDERATION_TYPES.contains(typeName) || typeName.startsWith("link__")
                || typeName.startsWith("federation__") || typeName.startsWith("join__");
    }

    private static TypeInfo typeFor(Map<String, TypeInfo> types, String typeName, Kind kind, String subgraph,
            List<String> errors) {
        TypeInfo type = types.computeIfAbsent(typeName, n -> new TypeInfo(n, kind));
        if (type.kind != kind) {
            errors.add("[" + subgraph + "] type \"" + typeName + "\" is declared both as " + type.kind + " and as " + kind);
            return null;
        }
        return type;
    }

    private static void applyTypeDirectives(TypeInfo type, DirectivesContainer<?> node, FederationDirectives federation,
            String subgraph, List<String> errors) {
        for (Directive directive : node.getDirectives()) {
            String canonical = federation.canonical(directive.getName());
            if (canonical == null) {
                if (directive.getName().equals("specifiedBy")) {
                    type.apiDirectives.add(directive);
                }
                continue;
            }
            switch (canonical) {
                case "key" -> {
                    String fields = FederationDirectives.stringArg(directive, "fields");
                    Boolean resolvable = FederationDirectives.booleanArg(directive, "resolvable");
                    try {
                        type.keys.add(new Key(FieldSet.parse(fields), resolvable == null || resolvable));
                    } catch (IllegalArgumentException e) {
                        errors.add("[" + subgraph + "] @key on \"" + type.name + "\": " + e.getMessage());
                    }
                }
                case "shareable" -> type.shareable = true;
                case "inaccessible" -> type.inaccessible = true;
                case "external" -> type.external = true;
                case "extends" -> type.extension = true;
                default -> {
                    // @tag, @interfaceObject, @composeDirective, @authenticated ...: no effect on planning
                }
            }
        }
    }

    private static void addField(TypeInfo type, FieldDefinition definition, FederationDirectives federation,
            String subgraph, List<String> errors, Map<String, String> rename) {
        if (type.fields.containsKey(definition.getName())) {
            errors.add("[" + subgraph + "] field \"" + type.name + "." + definition.getName() + "\" is declared twice");
            return;
        }
        FieldDefinition renamed = definition;
        String returned = namedType(definition.getType());
        if (rename.containsKey(returned)) {
            renamed = definition.transform(b -> b.type(renameType(definition.getType(), rename)));
        }
        Field field = new Field(renamed);
        String coordinate = type.name + "." + definition.getName();
        for (Directive directive : definition.getDirectives()) {
            String canonical = federation.canonical(directive.getName());
            if (canonical == null) {
                continue;
            }
            try {
                switch (canonical) {
                    case "external" -> field.external = true;
                    case "shareable" -> field.shareable = true;
                    case "inaccessible" -> field.inaccessible = true;
                    case "override" -> field.overrideFrom = FederationDirectives.stringArg(directive, "from");
                    case "requires" -> field.requires = FieldSet.parse(FederationDirectives.stringArg(directive, "fields"));
                    case "provides" -> field.provides = FieldSet.parse(FederationDirectives.stringArg(directive, "fields"));
                    default -> {
                    }
                }
            } catch (IllegalArgumentException e) {
                errors.add("[" + subgraph + "] @" + canonical + " on \"" + coordinate + "\": " + e.getMessage());
            }
        }
        type.fields.put(field.name, field);
    }

    private static Type<?> renameType(Type<?> type, Map<String, String> rename) {
        if (type instanceof NonNullType nn) {
            return new NonNullType(renameType(nn.getType(), rename));
        }
        if (type instanceof ListType list) {
            return new ListType(renameType(list.getType(), rename));
        }
        String n = ((TypeName) type).getName();
        return new TypeName(rename.getOrDefault(n, n));
    }

    /** {@code @key}, {@code @requires} and {@code @provides} must name fields that exist. */
    private void checkFieldSets(List<String> errors) {
        for (TypeInfo type : types.values()) {
            for (Key key : type.keys) {
                String problem = missingField(type.name, key.fields());
                if (problem != null) {
                    errors.add("[" + name + "] @key(fields: \"" + key.fields() + "\") on \"" + type.name + "\": " + problem);
                }
            }
            for (Field field : type.fields.values()) {
                if (field.requires != null) {
                    String problem = missingField(type.name, field.requires);
                    if (problem != null) {
                        errors.add("[" + name + "] @requires(fields: \"" + field.requires + "\") on \"" + type.name + "."
                                + field.name + "\": " + problem);
                    }
                }
                if (field.provides != null) {
                    String problem = missingField(field.typeName(), field.provides);
                    if (problem != null) {
                        errors.add("[" + name + "] @provides(fields: \"" + field.provides + "\") on \"" + type.name + "."
                                + field.name + "\": " + problem);
                    }
                }
            }
        }
    }

    private String missingField(String typeName, FieldSet fieldSet) {
        TypeInfo type = types.get(typeName);
        if (type == null) {
            return "type \"" + typeName + "\" is not declared in this subgraph";
        }
        for (FieldSet.Entry entry : fieldSet.entries()) {
            Field field = type.fields.get(entry.name());
            if (field == null) {
                return "field \"" + typeName + "." + entry.name() + "\" does not exist";
            }
            if (!entry.isLeaf()) {
                String nested = missingField(field.typeName(), entry.children());
                if (nested != null) {
                    return nested;
                }
            }
        }
        return null;
    }
}
