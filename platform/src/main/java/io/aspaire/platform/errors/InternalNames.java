package io.aspaire.platform.errors;

import java.util.regex.Pattern;

/**
 * Recognises implementation details in a message meant for a client: a package-qualified class name
 * ({@code io.aspaire.jobs.model.JobFilter}, {@code java.lang.String}), an exception name, a GraphQL parser AST dump
 * ({@code StringValue{value='x'}}). No client message may contain one; the error mappings use this to rewrite them.
 */
public final class InternalNames {

    private static final Pattern QUALIFIED_CLASS = Pattern.compile("\\b(?:[a-z_][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*");
    private static final Pattern EXCEPTION_NAME = Pattern.compile("\\b[A-Z][A-Za-z0-9]*(?:Exception|Throwable)\\b");
    private static final Pattern AST_NODE = Pattern.compile(
            "\\b(?:StringValue|IntValue|FloatValue|BooleanValue|EnumValue|NullValue|ArrayValue|ObjectValue|ObjectField"
                    + "|VariableReference)\\b");

    private InternalNames() {
    }

    public static boolean leaks(String message) {
        return message != null && (QUALIFIED_CLASS.matcher(message).find() || EXCEPTION_NAME.matcher(message).find()
                || AST_NODE.matcher(message).find() || message.contains("Unknown Scalar Type"));
    }
}
