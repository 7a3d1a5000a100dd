package io.aspaire.ai.messaging.in;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.aspaire.ai.service.ReadModels;
import io.aspaire.platform.accounts.UserDataEraser;
import io.smallrye.mutiny.Uni;

/**
 * A deleted user's data in ai-service: resumes read model, search terms, cover letters, conversations, usage
 * ledger, the listings their searches returned. Idempotent: DeletedAccounts runs it again when a write raced with
 * the deletion.
 */
@ApplicationScoped
public class AiUserDataEraser implements UserDataEraser {

    private final ReadModels readModels;

    public AiUserDataEraser(ReadModels readModels) {
        this.readModels = readModels;
    }

    @Override
    public Uni<?> eraseUserData(UUID userId) {
        return readModels.deleteUser(userId.toString());
    }
}
