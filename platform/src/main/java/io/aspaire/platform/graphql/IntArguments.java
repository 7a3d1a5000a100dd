package io.aspaire.platform.graphql;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import graphql.language.Argument;
import graphql.language.ArrayValue;
import graphql.language.IntValue;
import graphql.language.ObjectField;
import graphql.language.ObjectValue;
import graphql.language.Value;
import graphql.language.VariableReference;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLType;

/**
 * GraphQL's Int is 32-bit, but SmallRye GraphQL 2.17's Int scalar does not enforce it: its range check is broken
 * ({@code IntegerScalar.isInRange} compares with MIN_VALUE twice) and a literal {@code 2147483648} silently wraps to
 * -2147483648, {@code 4294967297} to 1, and a fraction such as {@code 1.5} in the variables ends in an internal error.
 * This finds an Int argument (nested input fields and lists included) whose
 * value in the document or in the variables does not fit, so it is refused by name instead of being wrapped.
 */
final class IntArguments {

    private static final BigInteger MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger MAX = BigInteger.valueOf(Integer.MAX_VALUE);

    private IntArguments() {
    }

    /** The path of the first Int argument out of range, or null. */
    static String firstOutOfRange(GraphQLFieldDefinition definition, List<Argument> arguments,
            Map<String, Object> variables) {
        for (Argument argument : arguments) {
            GraphQLArgument declared = definition.getArgument(argument.getName());
            if (declared != null) {
                String path = literal(declared.getType(), argument.getValue(), variables, argument.getName());
                if (path != null) {
                    return path;
                }
            }
        }
        return null;
    }

    static String message(String path) {
        return path + " must be a whole number between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE;
    }

    private static String literal(GraphQLType type, Value<?> value, Map<String, Object> variables, String path) {
        GraphQLType t = unwrapNonNull(type);
        if (value instanceof VariableReference reference) {
            return raw(t, variables.get(reference.getName()), path);
        }
        if (t instanceof GraphQLList list) {
            if (value instanceof ArrayValue array) {
                for (int i = 0; i < array.getValues().size(); i++) {
                    String found = literal(list.getWrappedType(), array.getValues().get(i), variables,
                            path + "[" + i + "]");
                    if (found != null) {
                        return found;
                    }
                }
                return null;
            }
            return literal(list.getWrappedType(), value, variables, path); // a single value for a list
        }
        if (t instanceof GraphQLInputObjectType object && value instanceof ObjectValue fields) {
            for (ObjectField field : fields.getObjectFields()) {
                GraphQLInputObjectField declared = object.getField(field.getName());
                if (declared != null) {
                    String found = literal(declared.getType(), field.getValue(), variables,
                            path + "." + field.getName());
                    if (found != null) {
                        return found;
                    }
                }
            }
            return null;
        }
        if (isInt(t) && value instanceof IntValue number && !fits(number.getValue())) {
            return path;
        }
        return null;
    }

    /** A value from the variables (JSON numbers arrive as Integer, Long, BigInteger or BigDecimal). */
    private static String raw(GraphQLType type, Object value, String path) {
        GraphQLType t = unwrapNonNull(type);
        if (value == null) {
            return null;
        }
        if (t instanceof GraphQLList list) {
            if (value instanceof List<?> items) {
                for (int i = 0; i < items.size(); i++) {
                    String found = raw(list.getWrappedType(), items.get(i), path + "[" + i + "]");
                    if (found != null) {
                        return found;
                    }
                }
                return null;
            }
            return raw(list.getWrappedType(), value, path);
        }
        if (t instanceof GraphQLInputObjectType object && value instanceof Map<?, ?> fields) {
            for (Map.Entry<?, ?> field : fields.entrySet()) {
                GraphQLInputObjectField declared = object.getField(String.valueOf(field.getKey()));
                if (declared != null) {
                    String found = raw(declared.getType(), field.getValue(), path + "." + field.getKey());
                    if (found != null) {
                        return found;
                    }
                }
            }
            return null;
        }
        if (isInt(t) && value instanceof Number number && !fits(number)) {
            return path;
        }
        return null;
    }

    private static boolean fits(Number number) {
        if (number instanceof Integer || number instanceof Short || number instanceof Byte) {
            return true;
        }
        BigInteger integer;
        if (number instanceof BigInteger big) {
            integer = big;
        } else if (number instanceof BigDecimal decimal) {
            try {
                integer = decimal.toBigIntegerExact();
            } catch (ArithmeticException e) {
                return false; // a fraction: SmallRye's scalar fails on it with an internal error, so refuse it here
            }
        } else if (number instanceof Long || number instanceof java.util.concurrent.atomic.AtomicLong) {
            integer = BigInteger.valueOf(number.longValue());
        } else if (number instanceof Double || number instanceof Float) {
            double d = number.doubleValue();
            if (!Double.isFinite(d) || d != Math.rint(d)) {
                return false; // 1.5, NaN: not a whole number
            }
            integer = BigDecimal.valueOf(d).toBigInteger();
        } else {
            return true;
        }
        return integer.compareTo(MIN) >= 0 && integer.compareTo(MAX) <= 0;
    }

    private static boolean isInt(GraphQLType type) {
        return type instanceof GraphQLScalarType scalar && "Int".equals(scalar.getName());
    }

    private static GraphQLType unwrapNonNull(GraphQLType type) {
        return type instanceof GraphQLNonNull nonNull ? nonNull.getWrappedType() : type;
    }
}
