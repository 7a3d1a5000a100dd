package io.aspaire.ai.service;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.aspaire.ai.domain.JobDoc;

/**
 * The deterministic skill extractor of the match score: the curated dictionary {@code match/skills.txt} (canonical
 * names with aliases, "k8s" -> Kubernetes, "Postgres" -> PostgreSQL), matched on whole words. The same text always
 * gives the same skills, and the dictionary's SHA-256 is its {@link #version()}: a changed dictionary makes every
 * stored skill list stale, so it is extracted again.
 */
@ApplicationScoped
public class SkillExtractor {

    static final String DICTIONARY = "match/skills.txt";

    private final List<String> canonical;
    private final Map<String, Integer> indexOf;
    private final Pattern anyCaseAliases;
    private final Pattern exactCaseAliases;
    private final Map<String, Integer> aliasToSkill;
    private final String version;

    public SkillExtractor() {
        this(readDictionary());
    }

    SkillExtractor(String dictionary) {
        this.version = JobDoc.sha256(dictionary).substring(0, 16);
        this.canonical = new ArrayList<>();
        this.indexOf = new LinkedHashMap<>();
        this.aliasToSkill = new LinkedHashMap<>();
        List<String> anyCase = new ArrayList<>();
        List<String> exactCase = new ArrayList<>();
        for (String raw : dictionary.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(": ");
            String name = colon < 0 ? line : line.substring(0, colon).strip();
            if (indexOf.containsKey(name)) {
                throw new IllegalStateException(DICTIONARY + " names " + name + " twice");
            }
            int skill = canonical.size();
            canonical.add(name);
            indexOf.put(name, skill);
            List<String> aliases = new ArrayList<>();
            if (colon >= 0) {
                for (String alias : line.substring(colon + 2).split(",")) {
                    if (!alias.isBlank()) {
                        aliases.add(alias.strip());
                    }
                }
            }
            if (!aliases.contains("=" + name)) {
                // the name itself is an alias, in any case, unless the line says "=Name" (Go, not "go")
                aliases.add(0, name);
            }
            for (String alias : aliases) {
                boolean exact = alias.startsWith("=");
                String text = exact ? alias.substring(1) : alias.toLowerCase(Locale.ROOT);
                Integer before = aliasToSkill.putIfAbsent(exact ? "=" + text : text, skill);
                if (before != null && before != skill) {
                    throw new IllegalStateException(DICTIONARY + ": alias '" + alias + "' names two skills");
                }
                if (before == null) {
                    (exact ? exactCase : anyCase).add(text);
                }
            }
        }
        this.anyCaseAliases = alternation(anyCase, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        this.exactCaseAliases = alternation(exactCase, 0);
    }

    /** The canonical skills found in {@code text}, sorted by name. */
    public List<String> extract(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        TreeSet<String> found = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        collect(anyCaseAliases, text, false, found);
        collect(exactCaseAliases, text, true, found);
        return List.copyOf(found);
    }

    /** The dictionary's version: the first 16 hex digits of its SHA-256. */
    public String version() {
        return version;
    }

    /** Every canonical skill, in dictionary order (a skill's position is its bit in {@link #bits(List)}). */
    public List<String> skills() {
        return List.copyOf(canonical);
    }

    /** The skills as a bit set over the dictionary (unknown names are ignored): the index's compact form. */
    public long[] bits(List<String> skills) {
        long[] bits = new long[(canonical.size() + 63) / 64];
        for (String skill : skills) {
            Integer i = indexOf.get(skill);
            if (i != null) {
                bits[i >>> 6] |= 1L << (i & 63);
            }
        }
        return bits;
    }

    private void collect(Pattern aliases, String text, boolean exact, TreeSet<String> found) {
        if (aliases == null) {
            return;
        }
        Matcher m = aliases.matcher(text);
        while (m.find()) {
            String key = exact ? "=" + m.group(1) : m.group(1).toLowerCase(Locale.ROOT);
            Integer skill = aliasToSkill.get(key);
            if (skill != null) {
                found.add(canonical.get(skill));
            }
        }
    }

    /**
     * One regular expression for all aliases, longest first (so "react native" wins over "react"), on word
     * boundaries that treat '+', '#' and '.' inside a name as part of it ("C++", "C#", ".NET", "Node.js").
     */
    private static Pattern alternation(List<String> aliases, int flags) {
        if (aliases.isEmpty()) {
            return null;
        }
        List<String> sorted = new ArrayList<>(aliases);
        sorted.sort(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
        StringBuilder regex = new StringBuilder("(?<![\\p{L}\\p{N}_+#.])(?<![\\p{L}\\p{N}]\\.)(");
        for (int i = 0; i < sorted.size(); i++) {
            regex.append(i == 0 ? "" : "|").append(Pattern.quote(sorted.get(i)));
        }
        // a name may end a sentence ("... and Kafka."), so a dot is a boundary when no letter follows it
        regex.append(")(?![\\p{L}\\p{N}_+#])(?!\\.[\\p{L}\\p{N}])");
        return Pattern.compile(regex.toString(), flags);
    }

    private static String readDictionary() {
        try (InputStream in = SkillExtractor.class.getClassLoader().getResourceAsStream(DICTIONARY)) {
            if (in == null) {
                throw new IllegalStateException(DICTIONARY + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DICTIONARY, e);
        }
    }
}
