package io.aspaire.jobs.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

import io.aspaire.jobs.client.ListingSource;
import io.aspaire.jobs.client.SourceListing;
import io.aspaire.jobs.client.SourcePage;
import io.aspaire.jobs.domain.ApplyLink;
import io.aspaire.jobs.domain.NormalizedJob;

/**
 * The one normalize step every source goes through: what a source wrote ({@link SourceListing}) becomes the
 * {@link NormalizedJob} that is stored, deduplicated and announced. Ids, fingerprints, job types, salaries, dates,
 * HTML and links follow the same rules whatever the source.
 */
public final class Normalizer {

    /** A page's listings ready to store, how many had to be skipped (no title), the next page's token. */
    public record Normalized(List<NormalizedJob> jobs, int skipped, String nextPageToken) {
    }

    private Normalizer() {
    }

    /** Reads a raw body of {@code source} fetched at {@code fetchedAt} and normalizes every listing on it. */
    public static Normalized page(ListingSource source, String raw, Instant fetchedAt) {
        return page(source, raw, fetchedAt, null);
    }

    /**
     * The same, for a company's own board: listings that name no company (Lever, Ashby) are that company's
     * ({@code company}), so that they deduplicate against the same job found elsewhere.
     */
    public static Normalized page(ListingSource source, String raw, Instant fetchedAt, String company) {
        SourcePage page = source.read(raw);
        List<NormalizedJob> jobs = new ArrayList<>();
        int skipped = 0;
        for (SourceListing listing : page.listings()) {
            NormalizedJob job = listing == null ? null : normalize(source, listing, fetchedAt, company);
            if (job == null) {
                skipped++;
            } else {
                jobs.add(job);
            }
        }
        return new Normalized(jobs, skipped, page.nextPageToken());
    }

    /** The listing normalized, or null when it has no title (nothing to show or to deduplicate on). */
    public static NormalizedJob normalize(ListingSource source, SourceListing l, Instant fetchedAt) {
        return normalize(source, l, fetchedAt, null);
    }

    /** As above; {@code defaultCompany} stands in when the listing names no company. */
    public static NormalizedJob normalize(ListingSource source, SourceListing l, Instant fetchedAt,
            String defaultCompany) {
        String title = trimmed(l.title());
        if (title == null) {
            return null;
        }
        String company = trimmed(l.company());
        if (company == null) {
            company = trimmed(defaultCompany);
        }
        String location = trimmed(l.location());
        String externalId = trimmed(l.externalId());
        if (externalId == null) {
            externalId = Fingerprints.fallbackId(title, company, location);
        }
        String description;
        String descriptionHtml;
        if (l.descriptionIsHtml()) {
            description = HtmlText.text(l.description());
            descriptionHtml = HtmlText.safeHtml(l.description());
        } else {
            description = HtmlText.plain(l.description());
            descriptionHtml = HtmlText.plainToHtml(description);
        }
        LinkedHashSet<String> tags = new LinkedHashSet<>();
        if (l.tags() != null) {
            l.tags().stream().map(Normalizer::trimmed).filter(t -> t != null).forEach(tags::add);
        }
        List<ApplyLink> links = new ArrayList<>();
        if (l.applyLinks() != null) {
            for (ApplyLink link : l.applyLinks()) {
                if (link != null && isWebLink(link.link())) {
                    links.add(link); // javascript:, data: and the like never reach a page
                }
            }
        }
        String applyUrl = links.isEmpty() ? (isWebLink(l.applyUrl()) ? l.applyUrl() : null) : links.get(0).link();
        Instant postedAt = source.relativeDates() ? PostedDates.relative(l.postedAt(), fetchedAt)
                : PostedDates.absolute(l.postedAt());
        return new NormalizedJob(source.name(), externalId, Fingerprints.of(title, company, location, l.remote()),
                title, company, location, l.remote(), jobType(l.jobType()), SalaryParser.parse(l.salary()),
                description, descriptionHtml, List.copyOf(tags),
                l.highlights() == null ? List.of() : List.copyOf(l.highlights()), List.copyOf(links), applyUrl,
                postedAt, l.rawJson());
    }

    /** FULL_TIME, PART_TIME, CONTRACT, FREELANCE, INTERNSHIP, TEMPORARY, OTHER from however a source spells it. */
    public static String jobType(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String s = text.toLowerCase(Locale.ROOT);
        if (s.contains("full")) {
            return "FULL_TIME";
        }
        if (s.contains("part")) {
            return "PART_TIME";
        }
        if (s.contains("contract")) {
            return "CONTRACT";
        }
        if (s.contains("freelance")) {
            return "FREELANCE";
        }
        if (s.contains("intern")) {
            return "INTERNSHIP";
        }
        if (s.contains("temp")) {
            return "TEMPORARY";
        }
        return "OTHER";
    }

    private static boolean isWebLink(String url) {
        return url != null && (url.startsWith("https://") || url.startsWith("http://"));
    }

    private static String trimmed(String s) {
        if (s == null) {
            return null;
        }
        String t = s.trim();
        return t.isEmpty() ? null : t;
    }
}
