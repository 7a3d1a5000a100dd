package io.aspaire.ai.service;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.aspaire.ai.client.Prompts;
import io.aspaire.ai.client.SearchTermsAi;
import io.aspaire.ai.domain.SearchTermsDoc;
import io.aspaire.ai.messaging.out.SearchTermsGenerated;
import io.aspaire.platform.events.Topics;
import io.aspaire.platform.mongodb.MongoOutbox;
import io.smallrye.mutiny.Uni;

/**
 * Search terms from the user's default resume. The terms and their SearchTermsGenerated event are one document
 * (event embedded as {@code _outbox}), written in one insert; the outbox relay sends the event to aspaire.ai.v1.
 */
@ApplicationScoped
public class SearchTermsService {

    public static final String FEATURE = "SEARCH_TERMS";
    public static final String EVENT = "SearchTermsGenerated";

    private final ModelCalls calls;
    private final SearchTermsAi model;
    private final ReadModels readModels;
    private final ModelJson json;
    private final MongoOutbox outbox;

    public SearchTermsService(ModelCalls calls, SearchTermsAi model, ReadModels readModels, ModelJson json,
            MongoOutbox outbox) {
        this.calls = calls;
        this.model = model;
        this.readModels = readModels;
        this.json = json;
        this.outbox = outbox;
    }

    public Uni<SearchTermsDoc> generate(String userId) {
        return readModels.defaultResume(userId)
                .chain(resume -> calls.call(userId, FEATURE, () -> model.propose(Prompts.resume(resume)))
                        .chain(answer -> {
                            JsonNode node = json.object(answer);
                            SearchTermsDoc doc = new SearchTermsDoc();
                            doc.id = UUID.randomUUID().toString();
                            doc.userId = userId;
                            doc.resumeId = resume.id;
                            doc.titles = json.strings(node, "titles", 5);
                            doc.skills = json.strings(node, "skills", 10);
                            doc.locations = json.strings(node, "locations", 5);
                            doc.model = calls.model();
                            doc.generatedAt = Instant.now();
                            doc.outbox = outbox.entry(Topics.AI, EVENT, userId, new SearchTermsGenerated(userId,
                                    doc.id, resume.id, doc.titles, doc.skills, doc.locations, doc.model,
                                    doc.generatedAt.atOffset(ZoneOffset.UTC).toString()));
                            return doc.persist().replaceWith(doc);
                        }));
    }

    public Uni<SearchTermsDoc> latest(String userId) {
        return SearchTermsDoc.<SearchTermsDoc> find("userId", io.quarkus.panache.common.Sort.descending("generatedAt"),
                userId).firstResult();
    }
}
