package io.aspaire.platform.mongodb;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;

import io.aspaire.platform.accounts.DeletedAccounts;
import io.aspaire.platform.accounts.UserDataEraser;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Uni;

/**
 * {@link DeletedAccounts} on MongoDB: collection {@code deleted_accounts} ({@code _id} = user id). Without
 * multi-document transactions a write cannot be made atomic with the tombstone, so writes and user-scoped effects
 * are checked before AND after: {@link #erase} writes the tombstone first and erases second; a write that re-reads no
 * tombstone after it finished happened before the tombstone, hence before the erasure, which removes it; a write that
 * does find one erases again itself (the eraser is idempotent). Nothing written for the user survives either way.
 */
@ApplicationScoped
@IfBuildProperty(name = "aspaire.platform.store", stringValue = "mongodb")
public class MongoDeletedAccounts implements DeletedAccounts {

    public static final String COLLECTION = "deleted_accounts";

    private final ReactiveMongoClient client;
    private final String database;
    private final Instance<UserDataEraser> eraser;

    public MongoDeletedAccounts(ReactiveMongoClient client,
            @ConfigProperty(name = "quarkus.mongodb.database") String database, Instance<UserDataEraser> eraser) {
        this.client = client;
        this.database = database;
        this.eraser = eraser;
    }

    private ReactiveMongoCollection<Document> collection() {
        return client.getDatabase(database).getCollection(COLLECTION);
    }

    @Override
    public Uni<Void> requireActive(UUID userId) {
        return isDeleted(userId).chain(deleted -> deleted ? Uni.createFrom().failure(DeletedAccounts.deleted())
                : Uni.createFrom().voidItem());
    }

    @Override
    public <T> Uni<T> guardWrite(UUID userId, Supplier<Uni<T>> write) {
        return requireActive(userId).chain(() -> write.get())
                .call(() -> isDeleted(userId).chain(deleted -> deleted
                        ? eraseData(userId).chain(() -> Uni.createFrom().failure(DeletedAccounts.deleted()))
                        : Uni.createFrom().voidItem()))
                // a write that failed halfway may still have left something behind
                .onFailure().call(() -> isDeleted(userId).chain(deleted -> deleted ? eraseData(userId)
                        : Uni.createFrom().voidItem()));
    }

    @Override
    public Uni<Boolean> applyUnlessDeleted(UUID userId, Supplier<Uni<?>> effect) {
        return isDeleted(userId).chain(deleted -> deleted ? Uni.createFrom().item(false)
                : effect.get().chain(() -> isDeleted(userId))
                        .chain(deletedMeanwhile -> deletedMeanwhile ? eraseData(userId).replaceWith(false)
                                : Uni.createFrom().item(true)));
    }

    @Override
    public Uni<Void> erase(UUID userId) {
        Document tombstone = new Document("_id", userId.toString()).append("deletedAt", new Date());
        // upsert that keeps the first deletion time: a redelivered UserDeleted changes nothing
        return collection().find(Filters.eq("_id", userId.toString())).collect().first()
                .chain(existing -> existing != null ? Uni.createFrom().voidItem()
                        : collection().replaceOne(Filters.eq("_id", userId.toString()), tombstone,
                                new ReplaceOptions().upsert(true)).replaceWithVoid())
                .chain(() -> eraseData(userId))
                .chain(() -> MongoOutbox.eraseSentEventsOf(client.getDatabase(database), userId.toString()));
    }

    private Uni<Void> eraseData(UUID userId) {
        return eraser.isResolvable() ? eraser.get().eraseUserData(userId).replaceWithVoid()
                : Uni.createFrom().voidItem();
    }

    @Override
    public Uni<Boolean> isDeleted(UUID userId) {
        return collection().countDocuments(Filters.eq("_id", userId.toString())).map(n -> n > 0);
    }

    @Override
    public Uni<List<Tombstone>> recordedAfter(Instant since) {
        return collection().find(Filters.gt("deletedAt", Date.from(since))).collect().asList()
                .map(docs -> docs.stream().map(d -> new Tombstone(UUID.fromString(d.getString("_id")),
                        d.getDate("deletedAt").toInstant())).toList());
    }
}
