package io.aspaire.platform.graphql;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import graphql.ExecutionResult;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.schema.DataFetcher;
import io.aspaire.platform.errors.BadRequestException;
import io.aspaire.platform.input.TextRule;

/**
 * The input rules every subgraph applies to GraphQL, whatever its resolvers do: every argument of every field,
 * nested input objects and lists included, is checked against {@link TextRule} before the resolver runs (the field
 * fails with BAD_REQUEST naming the argument path, e.g. {@code input.displayName must not contain control
 * characters}); Int arguments must fit in 32 bits ({@link IntArguments}); federation {@code _entities}
 * representations must be well formed ({@link EntityRepresentations}); and every error leaves through
 * {@link ErrorMessages}.
 */
final class InputInstrumentation extends SimplePerformantInstrumentation {

    private final int maxEntities = GraphQLGuard.maxEntities();

    @Override
    public DataFetcher<?> instrumentDataFetcher(DataFetcher<?> dataFetcher, InstrumentationFieldFetchParameters parameters,
            InstrumentationState state) {
        if (parameters.isTrivialDataFetcher()) {
            return dataFetcher; // a plain property read: no arguments
        }
        return environment -> {
            if (EntityRepresentations.FIELD.equals(environment.getFieldDefinition().getName())
                    && environment.getParentType() == environment.getGraphQLSchema().getQueryType()) {
                EntityRepresentations.of(environment.getGraphQLSchema(), maxEntities)
                        .check(environment.getArgument(EntityRepresentations.ARGUMENT));
            }
            for (Map.Entry<String, Object> argument : environment.getArguments().entrySet()) {
                String path = TextRule.firstViolatingPath(argument.getKey(), argument.getValue());
                if (path != null) {
                    throw new BadRequestException(TextRule.message(path));
                }
            }
            if (!environment.getField().getArguments().isEmpty()) {
                String outOfRange = IntArguments.firstOutOfRange(environment.getFieldDefinition(),
                        environment.getField().getArguments(), environment.getVariables());
                if (outOfRange != null) {
                    throw new BadRequestException(IntArguments.message(outOfRange));
                }
            }
            return dataFetcher.get(environment);
        };
    }

    @Override
    public CompletableFuture<ExecutionResult> instrumentExecutionResult(ExecutionResult result,
            InstrumentationExecutionParameters parameters, InstrumentationState state) {
        var errors = ErrorMessages.clean(result.getErrors());
        return CompletableFuture.completedFuture(errors == result.getErrors() ? result
                : result.transform(builder -> builder.errors(errors)));
    }
}
