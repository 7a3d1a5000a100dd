package io.aspaire.pipeline.messaging.in;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.aspaire.platform.accounts.UserDataEraser;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** A deleted user's data in pipeline-service: applications with their history, notes and reminders. */
@ApplicationScoped
public class PipelineUserDataEraser implements UserDataEraser {

    private static final Logger LOG = Logger.getLogger(PipelineUserDataEraser.class);

    @Override
    public Uni<?> eraseUserData(UUID userId) {
        // children first, although the foreign keys cascade: a row of this user never outlives the statement
        return Panache.getSession().chain(s -> s.createNativeQuery("delete from reminders where user_id = :u")
                .setParameter("u", userId).executeUpdate()
                .chain(() -> s.createNativeQuery("delete from job_notes where user_id = :u")
                        .setParameter("u", userId).executeUpdate())
                .chain(() -> s.createNativeQuery("delete from stage_history where user_id = :u")
                        .setParameter("u", userId).executeUpdate())
                .chain(() -> s.createNativeQuery("delete from job_applications where user_id = :u")
                        .setParameter("u", userId).executeUpdate()))
                .invoke(n -> LOG.infof("user %s deleted: removed %d applications with their notes, reminders "
                        + "and history", userId, n));
    }
}
