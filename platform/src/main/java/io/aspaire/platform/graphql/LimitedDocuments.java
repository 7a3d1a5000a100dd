package io.aspaire.platform.graphql;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import graphql.ErrorType;
import graphql.ExecutionInput;
import graphql.GraphqlErrorBuilder;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import graphql.language.Document;
import graphql.parser.Parser;

/**
 * Refuses a document over the {@link DocumentLimits} before graphql-java validates or executes it (validation and the
 * expanding instrumentations would otherwise do the exponential work first). Verdicts are remembered per query text
 * (bounded), so a repeated query is parsed once; everything else is left to the provider it wraps.
 */
final class LimitedDocuments implements PreparsedDocumentProvider {

    static final String CODE = "OPERATION_LIMIT_EXCEEDED";
    private static final int REMEMBERED = 1000;

    private final PreparsedDocumentProvider next;
    private final DocumentLimits limits;
    private final Map<String, Optional<String>> verdicts = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Optional<String>> eldest) {
                    return size() > REMEMBERED;
                }
            });

    LimitedDocuments(PreparsedDocumentProvider next, DocumentLimits limits) {
        this.next = next;
        this.limits = limits;
    }

    @Override
    public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(ExecutionInput input,
            Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
        String query = input.getQuery();
        Optional<String> refusal = verdicts.get(query);
        if (refusal == null) {
            refusal = Optional.ofNullable(check(query));
            verdicts.put(query, refusal);
        }
        if (refusal.isPresent()) {
            return CompletableFuture.completedFuture(new PreparsedDocumentEntry(GraphqlErrorBuilder.newError()
                    .message(refusal.get()).errorType(ErrorType.ValidationError)
                    .extensions(Map.of("code", CODE)).build()));
        }
        return next.getDocumentAsync(input, parseAndValidate);
    }

    private String check(String query) {
        Document document;
        try {
            document = Parser.parse(query);
        } catch (RuntimeException e) { // InvalidSyntaxException, ParseCancelledException
            return null; // graphql-java reports syntax errors and its token limits itself
        }
        return limits.firstViolation(document);
    }
}
