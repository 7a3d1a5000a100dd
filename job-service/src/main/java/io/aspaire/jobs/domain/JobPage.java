package io.aspaire.jobs.domain;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Name;

/** One page of jobs; pass {@code nextCursor} as {@code after} to get the next. */
@Name("JobPage")
public record JobPage(List<Job> items, @Description("Cursor of the next page, null on the last") String nextCursor,
        boolean hasMore) {
}
