package io.aspaire.pipeline.api;

import io.aspaire.pipeline.support.Db;
import io.aspaire.pipeline.support.Gql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.aspaire.localstack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * pipelineStats against a hand-computed fixture: five applications whose history rows have fixed timestamps.
 *
 * <pre>
 * A1: SAVED d0, APPLIED d2, INTERVIEW d5, OFFER d12        (now OFFER)
 * A2: SAVED d0, APPLIED d1, REJECTED d4                    (now REJECTED)
 * A3: SAVED d0, APPLIED d4, INTERVIEW d6, REJECTED d10     (now REJECTED)
 * A4: SAVED d0                                             (now SAVED)
 * A5: APPLIED d0 (saved straight as applied), WITHDRAWN d3 (now WITHDRAWN)
 *
 * reached SAVED 5, APPLIED 4 (A1 A2 A3 A5), INTERVIEW 2 (A1 A3), OFFER 1 (A1)
 *   saved->applied 4/5 = 0.8, applied->interview 2/4 = 0.5, interview->offer 1/2 = 0.5
 * ended stays: SAVED 2d 1d 4d -> median 2d; APPLIED 3d 3d 2d 3d -> median 3d;
 *              INTERVIEW 7d 4d -> median 5.5d; OFFER, REJECTED, WITHDRAWN, ACCEPTED none
 * </pre>
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class StatsTest {

    static final OffsetDateTime D0 = OffsetDateTime.parse("2026-03-02T08:00:00Z");
    static final double DAY = 86400.0;

    @Test
    void statsMatchTheHandComputedFixture() {
        Gql user = Gql.newUser();
        application(user.userId, "OFFER", "SAVED@0", "APPLIED@2", "INTERVIEW@5", "OFFER@12");
        application(user.userId, "REJECTED", "SAVED@0", "APPLIED@1", "REJECTED@4");
        application(user.userId, "REJECTED", "SAVED@0", "APPLIED@4", "INTERVIEW@6", "REJECTED@10");
        application(user.userId, "SAVED", "SAVED@0");
        application(user.userId, "WITHDRAWN", "APPLIED@0", "WITHDRAWN@3");
        // another user's pipeline never counts
        application(UUID.randomUUID(), "OFFER", "SAVED@0", "OFFER@1");

        JsonPath stats = user.ok("query($u: ID!) { pipelineStats(userId: $u) { userId total "
                + "byStage { stage count } conversions { from to reachedFrom reachedTo rate } "
                + "timeInStage { stage samples medianSeconds } } }", "u", user.userId.toString());
        String p = "data.pipelineStats.";
        assertEquals(5, stats.getInt(p + "total"));
        assertEquals(Map.of("SAVED", 1, "APPLIED", 0, "INTERVIEW", 0, "OFFER", 1, "ACCEPTED", 0, "REJECTED", 2,
                "WITHDRAWN", 1), byStage(stats.getList(p + "byStage")));

        List<Map<String, Object>> conversions = stats.getList(p + "conversions");
        assertConversion(conversions.get(0), "SAVED", "APPLIED", 5, 4, 0.8);
        assertConversion(conversions.get(1), "APPLIED", "INTERVIEW", 4, 2, 0.5);
        assertConversion(conversions.get(2), "INTERVIEW", "OFFER", 2, 1, 0.5);

        Map<String, Map<String, Object>> time = new java.util.HashMap<>();
        for (Map<String, Object> d : stats.<Map<String, Object>> getList(p + "timeInStage")) {
            time.put((String) d.get("stage"), d);
        }
        assertDuration(time.get("SAVED"), 3, 2 * DAY);
        assertDuration(time.get("APPLIED"), 4, 3 * DAY);
        assertDuration(time.get("INTERVIEW"), 2, 5.5 * DAY);
        for (String stage : List.of("OFFER", "ACCEPTED", "REJECTED", "WITHDRAWN")) {
            assertEquals(0, time.get(stage).get("samples"), stage);
            assertNull(time.get(stage).get("medianSeconds"), stage);
        }
    }

    @Test
    void anEmptyPipelineHasZerosAndNoRates() {
        Gql user = Gql.newUser();
        JsonPath stats = user.ok("query($u: ID!) { pipelineStats(userId: $u) { total conversions { rate } "
                + "byStage { count } } }", "u", user.userId.toString());
        assertEquals(0, stats.getInt("data.pipelineStats.total"));
        assertEquals(7, stats.getList("data.pipelineStats.byStage").size());
        stats.getList("data.pipelineStats.conversions.rate").forEach(rate -> assertNull(rate));
    }

    /** Inserts an application and its history; steps are "STAGE@day". */
    private static void application(UUID userId, String current, String... steps) {
        UUID id = UUID.randomUUID();
        Db.update("insert into job_applications (id, user_id, job_id, stage, created_at, updated_at) "
                + "values (?1, ?2, ?3, ?4, ?5, ?5)", id, userId, UUID.randomUUID(), current, D0);
        String from = null;
        for (String step : steps) {
            String[] parts = step.split("@");
            Db.update("insert into stage_history (id, application_id, user_id, from_stage, to_stage, changed_at) "
                    + "values (?1, ?2, ?3, cast(nullif(?4, '') as varchar), ?5, ?6)", UUID.randomUUID(), id, userId,
                    from == null ? "" : from, parts[0], D0.plusDays(Integer.parseInt(parts[1])));
            from = parts[0];
        }
    }

    private static Map<String, Integer> byStage(List<Map<String, Object>> rows) {
        Map<String, Integer> out = new java.util.HashMap<>();
        rows.forEach(r -> out.put((String) r.get("stage"), (Integer) r.get("count")));
        return out;
    }

    private static void assertConversion(Map<String, Object> c, String from, String to, int reachedFrom,
            int reachedTo, double rate) {
        assertEquals(from, c.get("from"));
        assertEquals(to, c.get("to"));
        assertEquals(reachedFrom, c.get("reachedFrom"), c.toString());
        assertEquals(reachedTo, c.get("reachedTo"), c.toString());
        // rest-assured reads JSON decimals as float
        assertEquals(rate, ((Number) c.get("rate")).doubleValue(), 1e-6, c.toString());
    }

    private static void assertDuration(Map<String, Object> d, int samples, double medianSeconds) {
        assertEquals(samples, d.get("samples"), d.toString());
        assertEquals(medianSeconds, ((Number) d.get("medianSeconds")).doubleValue(), 1e-6, d.toString());
    }
}
