package io.aspaire.platform.accounts;

import java.util.UUID;

import io.smallrye.mutiny.Uni;

/**
 * What a service deletes when an account is deleted: every row or document of that user in its own store. Each
 * service has exactly one such bean; {@link DeletedAccounts#erase} runs it after recording the tombstone (on
 * PostgreSQL in the same transaction). It must be idempotent: MongoDB services run it again whenever a write raced
 * with the deletion.
 */
public interface UserDataEraser {

    Uni<?> eraseUserData(UUID userId);
}
