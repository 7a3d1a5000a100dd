package io.aspaire.platform.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.aspaire.platform.errors.BadRequestException;

/** The shared input rules on their own: text, pages, ids, timestamps. */
class InputRulesTest {

    @Test
    void controlCharactersAreRefusedExceptTabAndLineBreaks() {
        for (String bad : List.of("\u0000", "a\u0000b", "\u0001", "\u001b[31m", "\u007f", "\u0085", "\u009f",
                "\ud800", "x\udc00", "\ud83d")) {
            assertTrue(TextRule.violates(bad), () -> "should refuse " + bad.codePoints().boxed().toList());
        }
        for (String good : List.of("", "plain", "tab\tnew\nline\r\n", "Zoë – 東京 😀", "line\u2028para\u2029",
                "\u00a0nbsp")) {
            assertFalse(TextRule.violates(good), () -> "should accept " + good);
        }
        BadRequestException e = assertThrows(BadRequestException.class,
                () -> TextRule.check("displayName", "\u0000\u0000"));
        assertEquals("displayName must not contain control characters", e.getMessage());
    }

    @Test
    void theFirstViolationInNestedInputIsNamedByItsPath() {
        Map<String, Object> input = Map.of("displayName", "ok", "jobTitles", List.of("Dev", "Ops\u0000"));
        assertEquals("input.jobTitles[1]", TextRule.firstViolatingPath("input", input));
        assertEquals("input.k\u0007", TextRule.firstViolatingPath("input", Map.of("k\u0007", "v")));
        assertNull(TextRule.firstViolatingPath("input", Map.of("a", List.of(1, true, "fine"))));
    }

    @Test
    void pagesAreBoundedAndNullMeansTheDefault() {
        assertEquals(new PageRequest(0, 20), PageRequest.of(null, null, 20, 100));
        assertEquals(200, PageRequest.of(2, 100, 20, 100).offset());
        assertMessage("page must be 0 or more (got -1)", () -> PageRequest.of(-1, 10, 20, 100));
        assertMessage("size must be between 1 and 100 (got 0)", () -> PageRequest.of(0, 0, 20, 100));
        assertMessage("size must be between 1 and 100 (got 101)", () -> PageRequest.of(0, 101, 20, 100));
        // page * size overflowed an int into a negative offset (a 500 "First result cannot be negative")
        BadRequestException e = assertThrows(BadRequestException.class,
                () -> PageRequest.of(Integer.MAX_VALUE, 100, 20, 100));
        assertTrue(e.getMessage().startsWith("page 2147483647 of size 100 is beyond the last addressable page"),
                e.getMessage());
        PageRequest last = PageRequest.of((int) (PageRequest.MAX_OFFSET / 100) - 1, 100, 20, 100);
        assertTrue(last.offset() > 0);
    }

    @Test
    void idsAreUuidsNamedByTheirArgument() {
        UUID id = UUID.randomUUID();
        assertEquals(id, Ids.required("jobId", id.toString()));
        assertEquals(id, Ids.required("jobId", " " + id + " "));
        assertNull(Ids.optional("jobId", null));
        assertMessage("jobId is required", () -> Ids.required("jobId", null));
        assertMessage("jobId is required", () -> Ids.required("jobId", " "));
        assertMessage("jobId: 'x' is not a valid id (a UUID is expected)", () -> Ids.required("jobId", "x"));
        assertMessage("id: '1-1-1-1-1' is not a valid id (a UUID is expected)", () -> Ids.required("id", "1-1-1-1-1"));
        assertMessage("id: the value is not a valid id (a UUID is expected)", () -> Ids.required("id", "\u0000"));
        assertNull(Ids.orNull("nope"));
    }

    @Test
    void timestampsStayWithinYears1970To9999AndRemindersWithinTenYears() {
        assertEquals(2030, Timestamps.parse("datetime", "2030-01-31T09:00:00+01:00").getYear());
        assertMessage("postedAfter must be between 1970-01-01 and 9999-12-31 (got 0000-01-01T00:00Z)",
                () -> Timestamps.inRange("postedAfter", OffsetDateTime.parse("0000-01-01T00:00:00Z")));
        assertThrows(BadRequestException.class,
                () -> Timestamps.parse("postedAfter", "+100000-01-01T00:00:00Z"));
        assertMessage("datetime: 'tomorrow' is not an ISO-8601 date-time with an offset (e.g. 2030-01-31T09:00:00Z)",
                () -> Timestamps.parse("datetime", "tomorrow"));
        OffsetDateTime now = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        assertEquals(now.plusYears(10), Timestamps.future("datetime", now.plusYears(10), now));
        assertMessage("datetime must be at most 10 years ahead",
                () -> Timestamps.future("datetime", now.plusYears(10).plusSeconds(1), now));
        assertMessage("datetime must be in the future", () -> Timestamps.future("datetime", now, now));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        assertEquals(expected, assertThrows(BadRequestException.class, call).getMessage());
    }
}
