package io.aspaire.jobs.client;

import java.util.List;

/** What one page of a source holds: its listings as the source wrote them, and the token of the next page if any. */
public record SourcePage(List<SourceListing> listings, String nextPageToken) {

    public static SourcePage empty() {
        return new SourcePage(List.of(), null);
    }
}
