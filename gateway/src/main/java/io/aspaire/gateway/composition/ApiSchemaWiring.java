package io.aspaire.gateway.composition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.ArrayValue;
import graphql.language.BooleanValue;
import graphql.language.EnumValue;
import graphql.language.FloatValue;
import graphql.language.IntValue;
import graphql.language.NullValue;
import graphql.language.ObjectField;
import graphql.language.ObjectValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.language.VariableReference;
import graphql.schema.Coercing;
import graphql.schema.DataFetcher;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLScalarType;
import graphql.schema.TypeResolver;
import graphql.schema.idl.FieldWiringEnvironment;
import graphql.schema.idl.InterfaceWiringEnvironment;
import graphql.schema.idl.ScalarWiringEnvironment;
import graphql.schema.idl.UnionWiringEnvironment;
import graphql.schema.idl.WiringFactory;

/**
 * Runtime wiring of the supergraph API schema. The gateway never resolves data itself: after the query plan has
 * run, graphql-java walks the merged subgraph responses with this wiring to shape the final result (aliases,
 * {@code __typename}, null propagation, introspection). Hence every field reads its response key from the parent
 * map, abstract types are resolved from {@code __typename}, and custom scalars pass their JSON value through.
 */
final class ApiSchemaWiring implements WiringFactory {

    static final DataFetcher<Object> RESPONSE_KEY_FETCHER = env -> {
        Object source = env.getSource();
        if (source instanceof Map<?, ?> map) {
            return map.get(env.getField().getResultKey());
        }
        return null;
    };

    static final TypeResolver TYPENAME_RESOLVER = env -> {
        Object object = env.getObject();
        if (object instanceof Map<?, ?> map && map.get("__typename") instanceof String typename) {
            GraphQLObjectType type = env.getSchema().getObjectType(typename);
            if (type != null) {
                return type;
            }
        }
        return null; // graphql-java reports an error at this path
    };

    @Override
    public boolean providesScalar(ScalarWiringEnvironment environment) {
        return !SubgraphSchema.BUILT_IN_SCALARS.contains(environment.getScalarTypeDefinition().getName());
    }

    @Override
    public GraphQLScalarType getScalar(ScalarWiringEnvironment environment) {
        var definition = environment.getScalarTypeDefinition();
        return GraphQLScalarType.newScalar().name(definition.getName())
                .description(definition.getDescription() == null ? null : definition.getDescription().getContent())
                .definition(definition)
                .coercing(PASSTHROUGH)
                .build();
    }

    @Override
    public boolean providesTypeResolver(InterfaceWiringEnvironment environment) {
        return true;
    }

    @Override
    public TypeResolver getTypeResolver(InterfaceWiringEnvironment environment) {
        return TYPENAME_RESOLVER;
    }

    @Override
    public boolean providesTypeResolver(UnionWiringEnvironment environment) {
        return true;
    }

    @Override
    public TypeResolver getTypeResolver(UnionWiringEnvironment environment) {
        return TYPENAME_RESOLVER;
    }

    @Override
    public DataFetcher<?> getDefaultDataFetcher(FieldWiringEnvironment environment) {
        return RESPONSE_KEY_FETCHER;
    }

    /** Custom scalars are opaque to the gateway: values travel as the JSON the client or subgraph sent. */
    static final Coercing<Object, Object> PASSTHROUGH = new Coercing<>() {
        @Override
        public Object serialize(Object dataFetcherResult, GraphQLContext context, java.util.Locale locale) {
            return dataFetcherResult;
        }

        @Override
        public Object parseValue(Object input, GraphQLContext context, java.util.Locale locale) {
            return input;
        }

        @Override
        public Object parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context,
                java.util.Locale locale) {
            return literalToJava(input, variables);
        }

        @Override
        public Value<?> valueToLiteral(Object input, GraphQLContext context, java.util.Locale locale) {
            return javaToLiteral(input);
        }
    };

    static Object literalToJava(Value<?> value, CoercedVariables variables) {
        if (value instanceof StringValue v) {
            return v.getValue();
        } else if (value instanceof IntValue v) {
            return v.getValue();
        } else if (value instanceof FloatValue v) {
            return v.getValue();
        } else if (value instanceof BooleanValue v) {
            return v.isValue();
        } else if (value instanceof EnumValue v) {
            return v.getName();
        } else if (value instanceof NullValue) {
            return null;
        } else if (value instanceof VariableReference v) {
            return variables == null ? null : variables.get(v.getName());
        } else if (value instanceof ArrayValue v) {
            List<Object> list = new ArrayList<>();
            v.getValues().forEach(item -> list.add(literalToJava(item, variables)));
            return list;
        } else if (value instanceof ObjectValue v) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (ObjectField field : v.getObjectFields()) {
                map.put(field.getName(), literalToJava(field.getValue(), variables));
            }
            return map;
        }
        return null;
    }

    static Value<?> javaToLiteral(Object input) {
        if (input == null) {
            return NullValue.of();
        } else if (input instanceof String s) {
            return StringValue.of(s);
        } else if (input instanceof Boolean b) {
            return BooleanValue.of(b);
        } else if (input instanceof Integer || input instanceof Long || input instanceof java.math.BigInteger) {
            return IntValue.of(new java.math.BigInteger(input.toString()).intValue());
        } else if (input instanceof Number n) {
            return FloatValue.of(n.doubleValue());
        } else if (input instanceof List<?> list) {
            return ArrayValue.newArrayValue().values(list.stream().<Value>map(ApiSchemaWiring::javaToLiteral).toList()).build();
        } else if (input instanceof Map<?, ?> map) {
            ObjectValue.Builder builder = ObjectValue.newObjectValue();
            map.forEach((k, v) -> builder.objectField(new ObjectField(String.valueOf(k), javaToLiteral(v))));
            return builder.build();
        }
        return StringValue.of(input.toString());
    }
}
