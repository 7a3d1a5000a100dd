package io.aspaire.ai.api;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.enterprise.context.RequestScoped;

import io.smallrye.mutiny.Uni;

/**
 * Reads shared by the fields of one GraphQL request: a document that asks for the same read many times (100 aliases
 * of {@code aiUsage(userId: …)}) runs it once and every alias gets that one answer. Without this, each alias repeats
 * the database work, so a single request multiplies its cost by its alias count and the work of other users'
 * requests queues behind it. Only reads go through here, and only for the length of one request.
 */
@RequestScoped
public class SameRequestReads {

    private final Map<String, Uni<?>> reads = new ConcurrentHashMap<>();

    /** The answer of {@code read} for {@code key}, run at most once in this request (a failure is shared too). */
    @SuppressWarnings("unchecked")
    public <T> Uni<T> once(String key, Supplier<Uni<T>> read) {
        return (Uni<T>) reads.computeIfAbsent(key, k -> read.get().memoize().indefinitely());
    }
}
