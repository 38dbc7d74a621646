package io.rollcall.collector.software;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.support.TestCollector;
import io.rollcall.common.enroll.EnrollResponse;
import io.rollcall.common.report.Report;
import io.rollcall.common.report.ReportKind;
import io.rollcall.common.report.Sections;
import io.rollcall.common.report.SoftwareItem;
import io.rollcall.common.report.SoftwareSource;
import io.rollcall.common.wire.ReportCodec;
import io.rollcall.common.wire.WireJson;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * School rules are RE2: a rule built to backtrack cannot hold a report, rules RE2 cannot run are refused on
 * save naming the field, and a stored rule from before (which RE2/J cannot compile) is skipped, not fatal.
 */
class LinearTimeRulesTest {
    /** The rule from issue 11: java.util.regex backtracks for over 20 s on 40 a's and a '!'. */
    static final String CATASTROPHIC = "(.*a){12}$";

    @TempDir
    static Path dir;
    static TestCollector rc;

    @BeforeAll
    static void start() throws Exception {
        rc = new TestCollector(dir).start(0);
    }

    @AfterAll
    static void stop() {
        rc.close();
    }

    private static JsonNode json(HttpResponse<String> res, int status) throws Exception {
        assertEquals(status, res.statusCode(), res.body());
        return WireJson.mapper().readTree(res.body());
    }

    private static HttpResponse<String> report(EnrollResponse d, String softwareName) throws Exception {
        SoftwareItem item = new SoftwareItem(softwareName, null, "Someone", Instant.parse("2024-09-01T08:00:00Z"),
                SoftwareSource.REGISTRY, null);
        Report r = new Report(1, UUID.randomUUID(), d.deviceId(), "0.1.0", Instant.now(), ReportKind.DELTA,
                Sections.EMPTY.withSoftware(List.of(item)), null);
        return rc.postReport(d, ReportCodec.toJson(r), false);
    }

    private static Map<String, Integer> titles() throws Exception {
        Map<String, Integer> out = new HashMap<>();
        json(rc.adminGet("/api/v1/software/titles?limit=1000"), 200).get("items")
                .forEach(t -> out.put(t.get("id").asText(), t.get("devices").asInt()));
        return out;
    }

    @Test
    void aBacktrackingRuleAgainstAHostileNameIsAnsweredFastThroughIngest() throws Exception {
        json(rc.admin("POST", "/api/v1/software/rules", "{\"id\":\"flood\",\"title\":\"Flood Game\","
                + "\"category\":\"game\",\"match\":\"" + CATASTROPHIC + "\"}"), 201);
        EnrollResponse hostile = rc.enroll(UUID.randomUUID().toString());
        EnrollResponse matching = rc.enroll(UUID.randomUUID().toString());
        String name = "a".repeat(40) + "!";

        long started = System.nanoTime();
        HttpResponse<String> res = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> report(hostile, name));
        System.out.printf("hostile name through ingest with %s: %d ms%n", CATASTROPHIC,
                (System.nanoTime() - started) / 1_000_000);
        assertEquals(202, res.statusCode(), res.body());
        assertEquals(202, assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> report(matching, "a".repeat(40))).statusCode());

        Map<String, Integer> t = titles();
        // "…a!" does not end in a: not the rule's title; 40 a's do, so that device holds the game
        assertEquals(1, t.get("flood-game"), t.toString());
        assertEquals(1, t.get("a".repeat(40)), t.toString());
    }

    @Test
    void rulesRe2CannotRunAreRefusedOnSaveNamingTheField() throws Exception {
        JsonNode lookahead = json(rc.admin("POST", "/api/v1/software/rules",
                "{\"id\":\"ahead\",\"title\":\"Ahead\",\"match\":\"^Zed(?=Pro)\"}"), 400);
        assertTrue(lookahead.get("detail").asText().startsWith("match is not a valid RE2 regular expression"),
                lookahead.toString());
        JsonNode backref = json(rc.admin("POST", "/api/v1/software/rules",
                "{\"id\":\"back\",\"title\":\"Back\",\"match\":\"^Zed\",\"publisher\":\"(a)\\\\1\"}"), 400);
        assertTrue(backref.get("detail").asText().startsWith("publisher is not a valid RE2"), backref.toString());
        assertTrue(json(rc.adminGet("/api/v1/software/rules"), 200).get("school").findValues("id").stream()
                .noneMatch(id -> id.asText().equals("ahead") || id.asText().equals("back")));
    }

    @Test
    void aStoredRuleRe2CannotCompileIsSkippedAndReportedNotFatal() throws Exception {
        // saved before rules were RE2 (java.util.regex took lookbehind): written straight to SQL as it was then
        NormalisationRule old = new NormalisationRule("old-lookbehind", "Old", null, "game", "(?<!Free)Zapper",
                null, null, null, null, null);
        new CatalogueStore(rc.collector().database()).putRule(old, "someone", Instant.now());
        rc.collector().hazelcast().getMap("settings-versions").put(CatalogueService.VERSION_KEY, "changed-by-test");
        json(rc.admin("POST", "/api/v1/software/rules",
                "{\"id\":\"zapper\",\"title\":\"Zapper\",\"category\":\"game\",\"match\":\"Zapper\"}"), 201);

        JsonNode rules = json(rc.adminGet("/api/v1/software/rules"), 200);
        assertEquals(1, rules.get("skipped").size(), rules.toString());
        assertTrue(rules.get("skipped").get(0).asText().startsWith("school rule old-lookbehind is skipped"),
                rules.toString());
        EnrollResponse d = rc.enroll(UUID.randomUUID().toString());
        assertEquals(202, report(d, "Zapper 2").statusCode());
        assertEquals(1, titles().get("zapper"), "the other school rules still apply");
    }
}
