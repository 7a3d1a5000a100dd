package io.aspaire.users.service;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.aspaire.platform.accounts.UserDataEraser;
import io.aspaire.users.domain.PreferencesEntity;
import io.aspaire.users.domain.RefreshTokenEntity;
import io.aspaire.users.domain.ResumeEntity;
import io.aspaire.users.domain.UserEntity;
import io.aspaire.users.domain.UserIdentityEntity;
import io.smallrye.mutiny.Uni;

/**
 * What user-service deletes with an account, in the deleting transaction: resumes, preferences, refresh tokens,
 * identities and the user row itself. Writes of that user lock the user row first ({@link UserWrites}), so one that
 * was in flight commits before this runs (and is deleted with the rest) or finds no row afterwards (401).
 */
@ApplicationScoped
public class AccountEraser implements UserDataEraser {

    @Override
    public Uni<?> eraseUserData(UUID userId) {
        return ResumeEntity.delete("userId", userId)
                .chain(() -> PreferencesEntity.delete("userId", userId))
                .chain(() -> RefreshTokenEntity.delete("userId", userId))
                .chain(() -> UserIdentityEntity.delete("userId", userId))
                .chain(() -> UserEntity.delete("id", userId));
    }
}
