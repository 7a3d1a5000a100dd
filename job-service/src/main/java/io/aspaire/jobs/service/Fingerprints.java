package io.aspaire.jobs.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

/**
 * Identity of a job across sources. Sources disagree on spelling ("Acme Inc." vs "ACME"), accents and on how they
 * name a remote location ("Worldwide" vs "Anywhere"), so the fingerprint compares normalized title, company and place
 * (the place of a remote job is "remote").
 */
public final class Fingerprints {

    private static final Set<String> COMPANY_SUFFIXES = Set.of("inc", "incorporated", "llc", "ltd", "limited", "gmbh",
            "corp", "corporation", "co", "company", "sa", "sas", "sarl", "bv", "plc", "ag", "oy", "ab", "srl", "pty");
    private static final Set<String> TITLE_NOISE = Set.of("remote", "hybrid", "m", "f", "d", "w", "x", "h");

    private Fingerprints() {
    }

    public static String of(String title, String company, String location, boolean remote) {
        String place = remote ? "remote" : firstPart(location);
        return words(title, TITLE_NOISE) + "|" + words(company, COMPANY_SUFFIXES) + "|" + words(place, Set.of());
    }

    /** A stable id for a source that gives none: the same title, company and location always hash the same. */
    public static String fallbackId(String title, String company, String location) {
        return "h:" + sha256(words(title, Set.of()) + "|" + words(company, Set.of()) + "|" + words(location, Set.of()))
                .substring(0, 32);
    }

    public static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String firstPart(String location) {
        if (location == null) {
            return "";
        }
        int comma = location.indexOf(',');
        return comma < 0 ? location : location.substring(0, comma);
    }

    static String words(String s, Set<String> drop) {
        if (s == null) {
            return "";
        }
        String ascii = Normalizer.normalize(s, Normalizer.Form.NFKD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder();
        for (String w : ascii.split("[^\\p{L}\\p{N}]+")) {
            if (w.isEmpty() || drop.contains(w)) {
                continue;
            }
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(w);
        }
        return out.toString();
    }
}
