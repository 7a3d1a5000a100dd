package io.aspaire.users.api;

import java.util.function.Supplier;

import jakarta.enterprise.context.RequestScoped;

import io.smallrye.mutiny.Uni;

/**
 * Runs the data fetchers of one GraphQL request one after the other. graphql-java starts sibling fields (e.g.
 * {@code preferences} and {@code resumes} of every entity) at once, but on one Vert.x context they would share one
 * Hibernate Reactive session, which allows a single operation at a time ("Illegal pop()", "Session is closed").
 * Queuing them keeps each field's own session and costs nothing measurable for a user's handful of rows.
 */
@RequestScoped
public class SerialDataAccess {

    private Uni<Void> tail = Uni.createFrom().voidItem();

    public synchronized <T> Uni<T> run(Supplier<Uni<T>> work) {
        Uni<Void> previous = tail;
        Uni<T> next = previous.<T> chain(ignored -> work.get()).memoize().indefinitely();
        // the next fetcher waits for this one whatever its outcome (an error here is reported for this field only)
        tail = next.onItemOrFailure().transform((item, failure) -> (Void) null).memoize().indefinitely();
        return next;
    }
}
