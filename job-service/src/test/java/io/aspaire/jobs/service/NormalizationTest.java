package io.aspaire.jobs.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.aspaire.jobs.client.SerpApiSource;
import io.aspaire.jobs.client.SourceException;
import io.aspaire.jobs.domain.Salary;
import io.aspaire.jobs.domain.SearchSpec;
import io.aspaire.jobs.service.Fingerprints;
import io.aspaire.jobs.service.HtmlText;
import io.aspaire.jobs.service.PostedDates;
import io.aspaire.jobs.service.SalaryParser;
import io.aspaire.jobs.support.TestConfigs;

/** The parsing rules on their own (no application). */
class NormalizationTest {

    static void salary(String text, String min, String max, String currency, String period) {
        Salary s = SalaryParser.parse(text);
        assertEquals(min == null ? null : new BigDecimal(min).setScale(2), s.min(), text);
        assertEquals(max == null ? null : new BigDecimal(max).setScale(2), s.max(), text);
        assertEquals(currency, s.currency(), text);
        assertEquals(period, s.period(), text);
    }

    @Test
    void salaries() {
        salary("$120k–$150k a year", "120000", "150000", "USD", "YEAR");
        salary("€60,000", "60000", "60000", "EUR", "YEAR");
        salary("120K–150K a year", "120000", "150000", null, "YEAR");
        salary("$50–$60 an hour", "50", "60", "USD", "HOUR");
        salary("£45.000 - £55.000 per annum", "45000", "55000", "GBP", "YEAR");
        salary("USD 40 - 55 per hour", "40", "55", "USD", "HOUR");
        salary("$120k-150", "120000", "150000", "USD", "YEAR");
        salary("Up to CA$90,000", null, "90000", "CAD", "YEAR");
        salary("60 000 € par an", "60000", "60000", "EUR", "YEAR");
        assertEquals(Salary.NONE, SalaryParser.parse("  "));
        assertNull(SalaryParser.parse("Competitive").min());
    }

    @Test
    void relativeDatesResolveAgainstFetchTime() {
        Instant at = Instant.parse("2026-01-12T09:00:00Z");
        assertEquals(at.minus(Duration.ofDays(3)), PostedDates.relative("3 days ago", at));
        assertEquals(at.minus(Duration.ofHours(1)), PostedDates.relative("an hour ago", at));
        assertEquals(at.minus(Duration.ofDays(30)), PostedDates.relative("30+ days ago", at));
        assertEquals(at, PostedDates.relative("Just posted", at));
        assertEquals(Instant.parse("2026-01-10T14:12:58Z"), PostedDates.absolute("2026-01-10T14:12:58"));
        assertNull(PostedDates.relative("someday", at));
    }

    @Test
    void htmlIsSanitized() {
        // exact outputs: an empty or truncated result must fail, not only a result that still contains the danger
        String html = "<p onclick=\"x()\">Hi <a href=\"javascript:alert(1)\">x</a><script>bad()</script></p><iframe src=a></iframe>";
        assertEquals("<p>Hi <a rel=\"nofollow\">x</a></p>", HtmlText.safeHtml(html));
        assertEquals("Hi x", HtmlText.text(html));
        String formatted = "<h2 style=\"color:red\">Role</h2><p>Build <b>reliable</b> APIs &amp; "
                + "<a href=\"https://x.example/a\" onmouseover=\"y()\">services</a>.</p><img src=x onerror=alert(1)>"
                + "<ul><li>Go</li></ul>";
        assertEquals("<h2>Role</h2><p>Build <b>reliable</b> APIs &amp; <a href=\"https://x.example/a\" rel=\"nofollow\">"
                + "services</a>.</p><ul><li>Go</li></ul>", HtmlText.safeHtml(formatted));
        assertEquals("Role\nBuild reliable APIs & services.\nGo", HtmlText.text(formatted));
        assertNull(HtmlText.safeHtml("  "));
        assertEquals("a &lt;b&gt;<br>c", HtmlText.plainToHtml("a <b>\nc"));
    }

    @Test
    void fingerprintsMatchTheSameJobAcrossSpellings() {
        assertEquals(Fingerprints.of("Senior Backend Engineer", "Acme Inc.", "Worldwide", true),
                Fingerprints.of("Senior  Backend Engineer (Remote)", "ACME", "Anywhere", true));
        assertEquals(Fingerprints.of("Développeur", "Café GmbH", "Zürich, CH", false),
                Fingerprints.of("developpeur", "cafe", "Zurich", false));
        assertTrue(!Fingerprints.of("Engineer", "Acme", "Berlin", false)
                .equals(Fingerprints.of("Engineer", "Acme", "Austin, TX", false)));
        assertEquals(Fingerprints.fallbackId("A", "B", "C"), Fingerprints.fallbackId("a", "b", "c"));
    }

    @Test
    void serpApiWithoutKeyIsDisabledWithAClearStatus() {
        // SERPAPI_API_KEY unset (no value at all) and set but empty both mean "disabled", not a start-up failure
        assertFalse(new SerpApiSource(null, new ObjectMapper(), TestConfigs.serpApi(java.util.Optional.empty()))
                .enabled());
        SerpApiSource source = new SerpApiSource(null, new ObjectMapper(), TestConfigs.serpApi(java.util.Optional.of("  ")));
        assertFalse(source.enabled());
        assertTrue(source.disabledReason().orElseThrow().contains("SERPAPI_API_KEY"));
        SourceException e = assertThrows(SourceException.class,
                () -> source.search(new SearchSpec("java", "", false), null).await().indefinitely());
        assertTrue(e.getMessage().contains("SERPAPI_API_KEY"), e.getMessage());
    }
}
