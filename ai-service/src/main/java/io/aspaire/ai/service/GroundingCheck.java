package io.aspaire.ai.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.aspaire.ai.domain.GroundingWarning;

/**
 * The deterministic half of the grounding check: employers named in employment phrases ("five years at X",
 * "worked for X", "joined X") and degrees ("Master's degree in X", "PhD in X") that the resume never mentions. It
 * backs up the model's second pass, which can miss what a model invented. The target company is not a claim.
 */
public final class GroundingCheck {

    private static final String NAME = "((?:[A-Z][\\w&.'-]*)(?:\\s+(?:of\\s+|&\\s+)?[A-Z][\\w&.'-]*){0,4})";
    private static final Pattern EMPLOYER = Pattern.compile(
            "\\b(?:(?:worked|working|work|employed|experience|role|roles|position|time|years?|months?|tenure|career|"
                    + "served|engineer|developer|intern|internship)\\s+(?:at|with|for|by)|joined|while at)\\s+"
                    + NAME);
    private static final Pattern DEGREE = Pattern.compile(
            "\\b((?:Bachelor|Master|Doctor|BSc|MSc|BA|MA|MBA|PhD|Ph\\.D\\.)(?:'s)?(?:\\s+degree)?\\s+(?:in|of)\\s+"
                    + "[A-Z][\\w-]*(?:\\s+[A-Z][\\w-]*){0,3})");

    private GroundingCheck() {
    }

    public static List<GroundingWarning> check(String letter, String resume, String targetCompany) {
        String resumeLower = resume == null ? "" : resume.toLowerCase(Locale.ROOT);
        String target = targetCompany == null ? "" : targetCompany.toLowerCase(Locale.ROOT).trim();
        Map<String, GroundingWarning> found = new LinkedHashMap<>();
        Matcher employer = EMPLOYER.matcher(letter == null ? "" : letter);
        while (employer.find()) {
            String name = trimName(employer.group(1));
            String lower = name.toLowerCase(Locale.ROOT);
            if (name.isEmpty() || resumeLower.contains(lower) || (!target.isEmpty()
                    && (target.contains(lower) || lower.contains(target)))) {
                continue;
            }
            found.putIfAbsent(lower, new GroundingWarning(employer.group().trim(), "EMPLOYER",
                    "employer '" + name + "' does not appear in the resume", "RULE"));
        }
        Matcher degree = DEGREE.matcher(letter == null ? "" : letter);
        while (degree.find()) {
            String claim = degree.group(1).trim();
            String field = claim.replaceFirst("(?s).*\\s(?:in|of)\\s+", "").toLowerCase(Locale.ROOT);
            if (!resumeLower.contains(field)) {
                found.putIfAbsent(claim.toLowerCase(Locale.ROOT), new GroundingWarning(claim, "DEGREE",
                        "degree field '" + field + "' does not appear in the resume", "RULE"));
            }
        }
        return new ArrayList<>(found.values());
    }

    private static String trimName(String name) {
        // a sentence-initial word after the name is not part of it ("at Globex. I ..." is cut by the regex already)
        return name == null ? "" : name.replaceAll("[.,;:'-]+$", "").trim();
    }
}
