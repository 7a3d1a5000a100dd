package io.aspaire.jobs.service;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns what sources say about "when" into an instant: ISO dates (Remotive) and "3 days ago" (SerpAPI). */
public final class PostedDates {

    private static final Pattern RELATIVE = Pattern.compile(
            "(\\d+|an?|one)\\+?\\s*(minute|min|hour|hr|day|week|month|year)s?\\s+ago");

    private PostedDates() {
    }

    /** An absolute date: "2024-01-10T14:12:58" (Remotive gives no zone: UTC), with or without offset, or a date. */
    public static Instant absolute(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.trim();
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException ignored) {
            // try the next shape
        }
        try {
            return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            // try the next shape
        }
        try {
            return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            return null;
        }
    }

    /** "3 days ago", "an hour ago", "30+ days ago", "just posted", "yesterday", resolved against {@code fetchedAt}. */
    public static Instant relative(String text, Instant fetchedAt) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.contains("just") || t.equals("today") || t.contains("now")) {
            return fetchedAt.truncatedTo(ChronoUnit.SECONDS);
        }
        if (t.equals("yesterday")) {
            return fetchedAt.minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
        }
        Matcher m = RELATIVE.matcher(t);
        if (!m.find()) {
            return absolute(text);
        }
        String n = m.group(1);
        long amount = n.equals("a") || n.equals("an") || n.equals("one") ? 1 : Long.parseLong(n);
        Duration d = switch (m.group(2)) {
            case "minute", "min" -> Duration.ofMinutes(amount);
            case "hour", "hr" -> Duration.ofHours(amount);
            case "day" -> Duration.ofDays(amount);
            case "week" -> Duration.ofDays(7 * amount);
            case "month" -> Duration.ofDays(30 * amount);
            default -> Duration.ofDays(365 * amount);
        };
        return fetchedAt.minus(d).truncatedTo(ChronoUnit.SECONDS);
    }
}
