package io.aspaire.ai.api;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

import io.aspaire.ai.domain.SearchTermsDoc;

/** GraphQL output of generated search terms. */
@Name("SearchTerms")
@Description("Job-board search terms generated from a user's default resume")
public record SearchTerms(@Id @NonNull String id, @Id String userId, @Id String resumeId,
        List<@NonNull String> titles, List<@NonNull String> skills, List<@NonNull String> locations, String model,
        String generatedAt) {

    /** The one mapping from the stored terms; null (none generated yet) stays null. */
    static SearchTerms of(SearchTermsDoc d) {
        return d == null ? null
                : new SearchTerms(d.id, d.userId, d.resumeId, d.titles, d.skills, d.locations, d.model,
                        Outputs.iso(d.generatedAt));
    }
}
