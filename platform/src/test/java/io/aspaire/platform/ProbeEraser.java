package io.aspaire.platform;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.aspaire.platform.accounts.UserDataEraser;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** The test application's user data: probe effects whose probe id is the user id. */
@ApplicationScoped
public class ProbeEraser implements UserDataEraser {

    @Override
    public Uni<?> eraseUserData(UUID userId) {
        return Panache.getSession().chain(s -> s.createNativeQuery("delete from probe_effect where probe_id = :u")
                .setParameter("u", userId).executeUpdate());
    }
}
