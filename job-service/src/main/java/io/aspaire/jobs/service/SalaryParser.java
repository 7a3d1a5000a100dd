package io.aspaire.jobs.service;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.aspaire.jobs.domain.Salary;

/**
 * Reads a salary out of the free text sources give: "$120k–$150k a year", "€60,000", "120K–150K a year",
 * "USD 50–60 an hour", "£45.000 - £55.000 per annum". Unknown parts stay null; nonsense yields {@link Salary#NONE}
 * with the text kept.
 */
public final class SalaryParser {

    // thousands-separated (1,234,567 / 60.000 / 60 000) or a plain number with optional decimals, then k/m
    private static final Pattern NUMBER = Pattern.compile(
            "(\\d{1,3}(?:[,.\u00a0 ]\\d{3})+(?:[.,]\\d{1,2})?|\\d+(?:[.,]\\d+)?)\\s*([kKmM](?![a-zA-Z]))?");
    private static final Pattern ISO = Pattern.compile("\\b(USD|EUR|GBP|CAD|AUD|CHF|INR|JPY|SEK|NOK|DKK|PLN|NZD|SGD|BRL|MXN)\\b");

    private SalaryParser() {
    }

    public static Salary parse(String text) {
        if (text == null || text.isBlank()) {
            return Salary.NONE;
        }
        String t = text.trim();
        String currency = currency(t);
        String period = period(t.toLowerCase(Locale.ROOT));
        List<BigDecimal> values = new ArrayList<>();
        Matcher m = NUMBER.matcher(t);
        while (m.find() && values.size() < 2) {
            BigDecimal v = number(m.group(1));
            if (v == null) {
                continue;
            }
            String suffix = m.group(2);
            if (suffix != null) {
                v = v.multiply(suffix.equalsIgnoreCase("k") ? BigDecimal.valueOf(1_000) : BigDecimal.valueOf(1_000_000));
            }
            values.add(v);
        }
        if (values.isEmpty()) {
            return new Salary(null, null, currency, period, t);
        }
        // "$120k-150" style: the k of the first number applies to a bare second one
        if (values.size() == 2 && values.get(1).compareTo(values.get(0).divide(BigDecimal.valueOf(100))) < 0) {
            values.set(1, values.get(1).multiply(BigDecimal.valueOf(1_000)));
        }
        BigDecimal min = values.get(0);
        BigDecimal max = values.size() > 1 ? values.get(1) : values.get(0);
        if (max.compareTo(min) < 0) {
            BigDecimal tmp = min;
            min = max;
            max = tmp;
        }
        if (t.toLowerCase(Locale.ROOT).startsWith("up to")) {
            min = null;
        }
        if (period == null && max.compareTo(BigDecimal.valueOf(10_000)) >= 0) {
            period = "YEAR"; // nobody is paid 10,000 an hour; a bare large amount is a yearly salary
        }
        return new Salary(scale(min), scale(max), currency, period, t);
    }

    private static BigDecimal scale(BigDecimal v) {
        return v == null ? null : v.setScale(2, java.math.RoundingMode.HALF_UP);
    }

    private static BigDecimal number(String raw) {
        String s = raw.replace("\u00a0", " ");
        // a separator followed by exactly three digits is a thousands separator ("60,000", "60.000", "60 000")
        if (s.matches("\\d{1,3}([,. ]\\d{3})+")) {
            s = s.replaceAll("[,. ]", "");
        } else if (s.matches("\\d{1,3}([,. ]\\d{3})+[.,]\\d{1,2}")) {
            String intPart = s.substring(0, s.length() - (s.length() - Math.max(s.lastIndexOf('.'), s.lastIndexOf(',')))) ;
            String dec = s.substring(Math.max(s.lastIndexOf('.'), s.lastIndexOf(',')) + 1);
            s = intPart.replaceAll("[,. ]", "") + "." + dec;
        } else {
            s = s.replace(',', '.');
        }
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static String currency(String t) {
        Matcher iso = ISO.matcher(t.toUpperCase(Locale.ROOT));
        if (iso.find()) {
            return iso.group(1);
        }
        if (t.contains("CA$") || t.contains("C$")) {
            return "CAD";
        }
        if (t.contains("A$") || t.contains("AU$")) {
            return "AUD";
        }
        if (t.contains("$")) {
            return "USD";
        }
        if (t.contains("€")) {
            return "EUR";
        }
        if (t.contains("£")) {
            return "GBP";
        }
        if (t.contains("₹")) {
            return "INR";
        }
        if (t.contains("¥")) {
            return "JPY";
        }
        return null;
    }

    static String period(String lower) {
        if (lower.matches(".*\\b(hour|hourly|hr|/h)\\b.*")) {
            return "HOUR";
        }
        if (lower.matches(".*\\b(day|daily)\\b.*")) {
            return "DAY";
        }
        if (lower.matches(".*\\b(week|weekly|wk)\\b.*")) {
            return "WEEK";
        }
        if (lower.matches(".*\\b(month|monthly|mo)\\b.*")) {
            return "MONTH";
        }
        if (lower.matches(".*\\b(year|yearly|yr|annum|annual|annually|pa|p\\.a)\\b.*")) {
            return "YEAR";
        }
        return null;
    }
}
