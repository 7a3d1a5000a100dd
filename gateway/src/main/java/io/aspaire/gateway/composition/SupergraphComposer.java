package io.aspaire.gateway.composition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import graphql.GraphQLError;
import graphql.introspection.Introspection;
import graphql.language.Definition;
import graphql.language.Description;
import graphql.language.Directive;
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
import graphql.language.OperationTypeDefinition;
import graphql.language.ScalarTypeDefinition;
import graphql.language.SchemaDefinition;
import graphql.language.Type;
import graphql.language.TypeName;
import graphql.language.UnionTypeDefinition;
import graphql.schema.DataFetcher;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLDirective;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.schema.idl.errors.SchemaProblem;
import graphql.language.AstPrinter;

import io.aspaire.gateway.composition.SubgraphSchema.Field;
import io.aspaire.gateway.composition.SubgraphSchema.Kind;
import io.aspaire.gateway.composition.SubgraphSchema.TypeInfo;

/**
 * Composes subgraph schemas into a {@link Supergraph} following Apollo Federation 2 rules (a pragmatic subset):
 * <ul>
 * <li>object and interface types: union of fields; a field resolved by several subgraphs must be {@code @shareable}
 * in Federation 2 subgraphs (key fields are implicitly shareable); output types must agree up to nullability
 * (the supergraph takes the most permissive one);</li>
 * <li>{@code @external} fields must be resolved by some other subgraph; {@code @override(from:)} moves a field;</li>
 * <li>unions and enums: union of members/values; input types: intersection of fields (a required input field must
 * exist everywhere);</li>
 * <li>{@code @inaccessible} types and fields are left out of the API schema (but stay usable for keys and
 * {@code @requires}); an accessible field may not return an inaccessible type.</li>
 * </ul>
 */
public final class SupergraphComposer {

    public Supergraph compose(List<SubgraphSchema> subgraphs) throws CompositionException {
        List<String> errors = new ArrayList<>();
        if (subgraphs.isEmpty()) {
            throw new CompositionException(List.of("no subgraph to compose"));
        }
        Map<String, SubgraphSchema> byName = new LinkedHashMap<>();
        subgraphs.forEach(s -> byName.put(s.name(), s));

        // Kinds must agree across subgraphs.
        LinkedHashMap<String, Kind> kinds = new LinkedHashMap<>();
        LinkedHashMap<String, List<SubgraphSchema>> definers = new LinkedHashMap<>();
        for (SubgraphSchema s : subgraphs) {
            for (TypeInfo type : s.types().values()) {
                Kind previous = kinds.putIfAbsent(type.name(), type.kind());
                if (previous != null && previous != type.kind()) {
                    errors.add("Type \"" + type.name() + "\" has different kinds: " + previous + " in "
                            + names(definers.get(type.name())) + " but " + type.kind() + " in \"" + s.name() + "\"");
                    continue;
                }
                definers.computeIfAbsent(type.name(), k -> new ArrayList<>()).add(s);
            }
        }
        if (!kinds.containsKey("Query")) {
            errors.add("No subgraph defines a Query type");
        }

        applyOverrides(subgraphs, byName, errors);
        Map<String, Set<String>> providers = providedFields(subgraphs);

        Set<String> inaccessibleTypes = new LinkedHashSet<>();
        definers.forEach((name, defs) -> {
            if (defs.stream().anyMatch(s -> s.type(name).inaccessible)) {
                inaccessibleTypes.add(name);
            }
        });

        List<Definition> definitions = new ArrayList<>();
        for (var entry : definers.entrySet()) {
            String typeName = entry.getKey();
            List<SubgraphSchema> defs = entry.getValue();
            if (inaccessibleTypes.contains(typeName)) {
                if (typeName.equals("Query")) {
                    errors.add("Type \"Query\" cannot be @inaccessible");
                }
                continue;
            }
            switch (kinds.get(typeName)) {
                case OBJECT, INTERFACE -> {
                    Definition<?> def = composeFieldsContainer(typeName, kinds.get(typeName), defs, inaccessibleTypes,
                            kinds, providers, errors);
                    if (def != null) {
                        definitions.add(def);
                    }
                }
                case UNION -> {
                    LinkedHashSet<String> members = new LinkedHashSet<>();
                    defs.forEach(s -> members.addAll(s.type(typeName).unionMembers));
                    members.removeAll(inaccessibleTypes);
                    definitions.add(UnionTypeDefinition.newUnionTypeDefinition().name(typeName)
                            .description(description(typeName, defs))
                            .memberTypes(members.stream().<Type>map(TypeName::new).toList()).build());
                }
                case ENUM -> {
                    LinkedHashMap<String, EnumValueDefinition> values = new LinkedHashMap<>();
                    defs.forEach(s -> s.type(typeName).enumValues.forEach((k, v) -> values.putIfAbsent(k, clean(v))));
                    definitions.add(EnumTypeDefinition.newEnumTypeDefinition().name(typeName)
                            .description(description(typeName, defs))
                            .enumValueDefinitions(new ArrayList<>(values.values())).build());
                }
                case INPUT_OBJECT -> definitions.add(composeInput(typeName, defs, inaccessibleTypes, kinds, errors));
                case SCALAR -> definitions.add(ScalarTypeDefinition.newScalarTypeDefinition().name(typeName)
                        .description(description(typeName, defs))
                        .directives(defs.get(0).type(typeName).apiDirectives).build());
            }
        }
        SchemaDefinition.Builder schema = SchemaDefinition.newSchemaDefinition()
                .operationTypeDefinition(new OperationTypeDefinition("query", new TypeName("Query")));
        if (kinds.get("Mutation") == Kind.OBJECT && !inaccessibleTypes.contains("Mutation")) {
            schema.operationTypeDefinition(new OperationTypeDefinition("mutation", new TypeName("Mutation")));
        }
        if (kinds.get("Subscription") == Kind.OBJECT && !inaccessibleTypes.contains("Subscription")) {
            schema.operationTypeDefinition(new OperationTypeDefinition("subscription", new TypeName("Subscription")));
        }
        definitions.add(0, schema.build());

        if (!errors.isEmpty()) {
            throw new CompositionException(errors);
        }
        Document document = Document.newDocument().definitions(definitions).build();
        TypeDefinitionRegistry registry = new TypeDefinitionRegistry();
        for (Definition<?> definition : definitions) {
            var error = registry.add((graphql.language.SDLDefinition<?>) definition);
            error.ifPresent(e -> errors.add(e.getMessage()));
        }
        if (!errors.isEmpty()) {
            throw new CompositionException(errors);
        }
        GraphQLSchema apiSchema;
        try {
            apiSchema = withoutUnservedDirectives(new SchemaGenerator().makeExecutableSchema(registry,
                    RuntimeWiring.newRuntimeWiring().wiringFactory(new ApiSchemaWiring()).build()));
        } catch (SchemaProblem problem) {
            throw new CompositionException(problem.getErrors().stream().map(GraphQLError::getMessage).toList());
        } catch (RuntimeException e) {
            throw new CompositionException(List.of("the composed schema is invalid: " + e.getMessage()));
        }
        return new Supergraph(subgraphs, apiSchema, AstPrinter.printAst(document));
    }

    /**
     * graphql-java puts {@code @defer} and {@code @experimental_disableErrorPropagation} into every schema it builds
     * (and puts them back when a schema is rebuilt without them); the gateway executes neither (no incremental
     * delivery, its own null propagation), so introspection does not advertise them: it lists Apollo Gateway 2.14's
     * five directives, and an operation using {@code @defer} is refused with DEFER_NOT_SUPPORTED (OperationService)
     * rather than answered as if the directive had been applied.
     */
    static GraphQLSchema withoutUnservedDirectives(GraphQLSchema schema) {
        List<GraphQLDirective> served = schema.getDirectives().stream()
                .filter(d -> !UNSERVED_DIRECTIVES.contains(d.getName())).toList();
        DataFetcher<List<GraphQLDirective>> servedDirectives = env -> served;
        return schema.transform(b -> b.codeRegistry(schema.getCodeRegistry().transform(code -> code.dataFetcher(
                FieldCoordinates.coordinates(Introspection.__Schema.getName(), "directives"), servedDirectives))));
    }

    private static final Set<String> UNSERVED_DIRECTIVES = Set.of("defer", "experimental_disableErrorPropagation");

    private static void applyOverrides(List<SubgraphSchema> subgraphs, Map<String, SubgraphSchema> byName,
            List<String> errors) {
        for (SubgraphSchema s : subgraphs) {
            for (TypeInfo type : s.types().values()) {
                for (Field field : type.fields.values()) {
                    if (field.overrideFrom == null) {
                        continue;
                    }
                    if (field.overrideFrom.equals(s.name())) {
                        errors.add("[" + s.name() + "] @override on \"" + type.name() + "." + field.name()
                                + "\" cannot override its own subgraph");
                        continue;
                    }
                    SubgraphSchema from = byName.get(field.overrideFrom);
                    Field overridden = from == null ? null : from.field(type.name(), field.name());
                    if (overridden != null) {
                        overridden.overridden = true;
                    }
                }
            }
        }
    }

    private Definition<?> composeFieldsContainer(String typeName, Kind kind, List<SubgraphSchema> defs,
            Set<String> inaccessibleTypes, Map<String, Kind> kinds, Map<String, Set<String>> providers,
            List<String> errors) {
        LinkedHashSet<String> interfaces = new LinkedHashSet<>();
        LinkedHashMap<String, List<SubgraphSchema>> fieldDefiners = new LinkedHashMap<>();
        for (SubgraphSchema s : defs) {
            TypeInfo type = s.type(typeName);
            interfaces.addAll(type.interfaces);
            for (String fieldName : type.fields.keySet()) {
                fieldDefiners.computeIfAbsent(fieldName, k -> new ArrayList<>()).add(s);
            }
        }
        interfaces.removeAll(inaccessibleTypes);
        List<FieldDefinition> fields = new ArrayList<>();
        for (var entry : fieldDefiners.entrySet()) {
            String fieldName = entry.getKey();
            List<SubgraphSchema> fieldDefs = entry.getValue();
            String coordinate = typeName + "." + fieldName;
            List<SubgraphSchema> resolving = fieldDefs.stream().filter(s -> s.resolves(typeName, fieldName)).toList();
            boolean overriddenAway = fieldDefs.stream().allMatch(s -> s.field(typeName, fieldName).overridden);
            if (kind == Kind.OBJECT && resolving.isEmpty() && !overriddenAway) {
                errors.add("Field \"" + coordinate + "\" is marked @external in every subgraph that declares it ("
                        + names(fieldDefs) + "): no subgraph resolves it");
                continue;
            }
            // a subgraph that @provides an external field resolves it too (at the provided positions)
            Set<String> providing = providers.getOrDefault(coordinate, Set.of());
            List<SubgraphSchema> resolvingOrProviding = fieldDefs.stream()
                    .filter(s -> resolving.contains(s) || providing.contains(s.name())).toList();
            if (kind == Kind.OBJECT && resolvingOrProviding.size() > 1) {
                List<SubgraphSchema> nonShareable = resolving.stream()
                        .filter(s -> !isShareable(s, typeName, fieldName)).toList();
                if (!nonShareable.isEmpty()) {
                    errors.add("Non-shareable field \"" + coordinate + "\" is resolved from multiple subgraphs: it is resolved from "
                            + names(resolvingOrProviding) + " and defined as non-shareable in " + names(nonShareable)
                            + " (mark it @shareable everywhere, or @external where another subgraph owns it)");
                }
            }
            Type<?> merged = null;
            boolean inaccessible = false;
            for (SubgraphSchema s : fieldDefs) {
                Field field = s.field(typeName, fieldName);
                inaccessible |= field.inaccessible;
                if (merged == null) {
                    merged = field.type;
                } else {
                    Type<?> next = mergeOutputType(merged, field.type);
                    if (next == null) {
                        errors.add("Field \"" + coordinate + "\" has incompatible types across subgraphs: "
                                + fieldDefs.stream().map(d -> "\"" + AstPrinter.printAst(d.field(typeName, fieldName).type)
                                        + "\" in \"" + d.name() + "\"").collect(Collectors.joining(", ")));
                        break;
                    }
                    merged = next;
                }
            }
            if (inaccessible || merged == null) {
                continue;
            }
            String returned = SubgraphSchema.namedType(merged);
            if (inaccessibleTypes.contains(returned)) {
                errors.add("Field \"" + coordinate + "\" returns @inaccessible type \"" + returned
                        + "\" but is not @inaccessible itself");
                continue;
            }
            if (!kinds.containsKey(returned) && !SubgraphSchema.BUILT_IN_SCALARS.contains(returned)) {
                errors.add("Field \"" + coordinate + "\" returns unknown type \"" + returned + "\"");
                continue;
            }
            List<SubgraphSchema> argumentSources = resolving.isEmpty() ? fieldDefs : resolving;
            List<InputValueDefinition> arguments = composeArguments(coordinate, typeName, fieldName, argumentSources,
                    errors);
            Description description = null;
            List<Directive> directives = List.of();
            for (SubgraphSchema s : fieldDefs) {
                Field f = s.field(typeName, fieldName);
                if (description == null) {
                    description = f.description;
                }
                if (directives.isEmpty()) {
                    directives = f.apiDirectives;
                }
            }
            fields.add(FieldDefinition.newFieldDefinition().name(fieldName).type(merged).description(description)
                    .inputValueDefinitions(arguments).directives(directives).build());
        }
        if (fields.isEmpty()) {
            errors.add("Type \"" + typeName + "\" has no accessible field");
            return null;
        }
        Description description = description(typeName, defs);
        List<Type> implementz = interfaces.stream().<Type>map(TypeName::new).toList();
        if (kind == Kind.OBJECT) {
            return ObjectTypeDefinition.newObjectTypeDefinition().name(typeName).description(description)
                    .implementz(implementz).fieldDefinitions(fields).build();
        }
        return InterfaceTypeDefinition.newInterfaceTypeDefinition().name(typeName).description(description)
                .implementz(implementz).definitions(fields).build();
    }

    /** "Type.field" → subgraphs that {@code @provides} it somewhere. */
    private static Map<String, Set<String>> providedFields(List<SubgraphSchema> subgraphs) {
        Map<String, Set<String>> providers = new LinkedHashMap<>();
        for (SubgraphSchema s : subgraphs) {
            for (TypeInfo type : s.types().values()) {
                for (Field field : type.fields.values()) {
                    if (field.provides != null) {
                        collectProvided(s, field.typeName(), field.provides, providers);
                    }
                }
            }
        }
        return providers;
    }

    private static void collectProvided(SubgraphSchema s, String typeName, FieldSet fields,
            Map<String, Set<String>> providers) {
        for (FieldSet.Entry entry : fields.entries()) {
            providers.computeIfAbsent(typeName + "." + entry.name(), k -> new LinkedHashSet<>()).add(s.name());
            Field field = s.field(typeName, entry.name());
            if (field != null && !entry.isLeaf()) {
                collectProvided(s, field.typeName(), entry.children(), providers);
            }
        }
    }

    /** Federation 2: {@code @shareable} on field or type, or a key field; Federation 1 subgraphs share implicitly. */
    private static boolean isShareable(SubgraphSchema s, String typeName, String fieldName) {
        if (!s.isFederation2()) {
            return true;
        }
        TypeInfo type = s.type(typeName);
        Field field = type.fields.get(fieldName);
        return field.shareable || type.shareable || type.isKeyField(fieldName);
    }

    /** Arguments present in every resolving subgraph; a required argument missing somewhere is an error. */
    private static List<InputValueDefinition> composeArguments(String coordinate, String typeName, String fieldName,
            List<SubgraphSchema> sources, List<String> errors) {
        List<InputValueDefinition> result = new ArrayList<>();
        LinkedHashMap<String, InputValueDefinition> all = new LinkedHashMap<>();
        for (SubgraphSchema s : sources) {
            for (InputValueDefinition arg : s.field(typeName, fieldName).arguments) {
                all.putIfAbsent(arg.getName(), arg);
            }
        }
        for (InputValueDefinition arg : all.values()) {
            List<SubgraphSchema> missing = sources.stream().filter(s -> s.field(typeName, fieldName).arguments.stream()
                    .noneMatch(a -> a.getName().equals(arg.getName()))).toList();
            if (missing.isEmpty()) {
                result.add(cleanArgument(arg));
            } else if (arg.getType() instanceof NonNullType && arg.getDefaultValue() == null) {
                errors.add("Argument \"" + coordinate + "(" + arg.getName() + ":)\" is required in some subgraphs but missing in "
                        + names(missing));
            }
        }
        return result;
    }

    private static InputObjectTypeDefinition composeInput(String typeName, List<SubgraphSchema> defs,
            Set<String> inaccessibleTypes, Map<String, Kind> kinds, List<String> errors) {
        LinkedHashMap<String, InputValueDefinition> fields = new LinkedHashMap<>();
        for (SubgraphSchema s : defs) {
            s.type(typeName).inputFields.forEach(fields::putIfAbsent);
        }
        List<InputValueDefinition> kept = new ArrayList<>();
        for (InputValueDefinition field : fields.values()) {
            List<SubgraphSchema> missing = defs.stream()
                    .filter(s -> !s.type(typeName).inputFields.containsKey(field.getName())).toList();
            if (missing.isEmpty()) {
                kept.add(cleanArgument(field));
            } else if (field.getType() instanceof NonNullType && field.getDefaultValue() == null) {
                errors.add("Input field \"" + typeName + "." + field.getName() + "\" is required in some subgraphs but missing in "
                        + names(missing));
            }
        }
        return InputObjectTypeDefinition.newInputObjectDefinition().name(typeName).description(description(typeName, defs))
                .inputValueDefinitions(kept).build();
    }

    /** Most permissive output type: nullable wins, list shapes and named types must match. */
    static Type<?> mergeOutputType(Type<?> a, Type<?> b) {
        if (a instanceof NonNullType na && b instanceof NonNullType nb) {
            Type<?> inner = mergeOutputType(na.getType(), nb.getType());
            return inner == null ? null : new NonNullType(inner);
        }
        if (a instanceof NonNullType na) {
            return mergeOutputType(na.getType(), b);
        }
        if (b instanceof NonNullType nb) {
            return mergeOutputType(a, nb.getType());
        }
        if (a instanceof ListType la && b instanceof ListType lb) {
            Type<?> inner = mergeOutputType(la.getType(), lb.getType());
            return inner == null ? null : new ListType(inner);
        }
        if (a instanceof TypeName ta && b instanceof TypeName tb && ta.getName().equals(tb.getName())) {
            return a;
        }
        return null;
    }

    private static InputValueDefinition cleanArgument(InputValueDefinition arg) {
        return arg.transform(b -> b.directives(arg.getDirectives().stream()
                .filter(d -> d.getName().equals("deprecated")).toList()));
    }

    private static EnumValueDefinition clean(EnumValueDefinition value) {
        return value.transform(b -> b.directives(value.getDirectives().stream()
                .filter(d -> d.getName().equals("deprecated")).toList()));
    }

    private static Description description(String typeName, List<SubgraphSchema> defs) {
        for (SubgraphSchema s : defs) {
            if (s.type(typeName).description != null) {
                return s.type(typeName).description;
            }
        }
        return null;
    }

    private static String names(List<SubgraphSchema> subgraphs) {
        return subgraphs == null ? "" : subgraphs.stream().map(s -> "\"" + s.name() + "\"").collect(Collectors.joining(", "));
    }
}
