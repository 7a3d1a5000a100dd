package io.aspaire.jobs.service;

import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

/**
 * Read-only work in a stateless session of its own, closed when done. GraphQL resolves the fields of one request
 * concurrently on the same Vert.x context, so a session bound to that context (Panache.withSession) would be used by
 * two fetchers at once; each fetcher opens its own here instead (no persistence context to keep either).
 */
@ApplicationScoped
public class Reads {

    private final Mutiny.SessionFactory sessions;

    public Reads(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    public <T> Uni<T> read(Function<Mutiny.StatelessSession, Uni<T>> work) {
        return sessions.openStatelessSession().chain(session -> Uni.createFrom().deferred(() -> work.apply(session))
                .eventually(session::close));
    }
}
