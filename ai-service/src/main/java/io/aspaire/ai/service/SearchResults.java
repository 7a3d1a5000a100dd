package io.aspaire.ai.service;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;
import org.jboss.logging.Logger;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;

import io.aspaire.ai.domain.SearchResultDoc;
import io.smallrye.mutiny.Uni;

/**
 * The listings each user's searches returned (job-service's SearchResultsFound): the candidates of that user's
 * recommendedJobs. Only ids are kept: the listing itself and its embedding come from JobIngested, in whichever order
 * the two events arrive (an id whose listing is not embedded yet is simply not ranked until it is).
 */
@ApplicationScoped
public class SearchResults {

    private static final Logger LOG = Logger.getLogger(SearchResults.class);

    /** The index behind a user's set (read per recommendedJobs, deleted per user); created once, on first use. */
    private final Uni<Void> userIndex = Uni.createFrom().deferred(() -> SearchResultDoc.mongoCollection()
            .createIndex(Indexes.ascending("userId"), new IndexOptions().name("user")))
            .onFailure().invoke(e -> LOG.warnf("search results index 'user' not created (queries still work): %s", e))
            .onFailure().recoverWithNull().replaceWithVoid().memoize().indefinitely();

    /** Adds the listings a search run returned to the user's set; idempotent (upserts keyed by user and listing). */
    public Uni<Void> record(String userId, String searchQueryId, List<String> jobIds, String foundAt) {
        if (jobIds == null || jobIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Date at = Date.from(instant(foundAt));
        List<WriteModel<SearchResultDoc>> writes = new ArrayList<>();
        for (String jobId : new LinkedHashSet<>(jobIds)) {
            if (jobId == null || jobId.isBlank()) {
                continue;
            }
            writes.add(new UpdateOneModel<>(new Document("_id", SearchResultDoc.key(userId, jobId)),
                    new Document("$setOnInsert", new Document("userId", userId).append("jobId", jobId)
                            .append("searchQueryId", searchQueryId).append("firstFoundAt", at))
                            .append("$max", new Document("lastFoundAt", at)),
                    new UpdateOptions().upsert(true)));
        }
        if (writes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return userIndex.chain(() -> SearchResultDoc.mongoCollection().bulkWrite(writes)).replaceWithVoid();
    }

    /** The ids of every listing the user's searches returned. */
    public Uni<List<String>> jobIdsOf(String userId) {
        return userIndex.chain(() -> SearchResultDoc.mongoDatabase().getCollection("ai_search_results")
                .find(new Document("userId", userId), new io.quarkus.mongodb.FindOptions()
                        .projection(new Document("jobId", 1).append("_id", 0)))
                .map(d -> d.getString("jobId")).collect().asList());
    }

    private static Instant instant(String text) {
        if (text != null) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                // an unreadable time is not a reason to drop the results: when they arrived is close enough
            }
        }
        return Instant.now();
    }
}
