package io.rollcall.collector.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.support.TestCollector;
import io.rollcall.common.enroll.EnrollResponse;
import io.rollcall.common.report.OsInfo;
import io.rollcall.common.report.Report;
import io.rollcall.common.report.ReportKind;
import io.rollcall.common.report.ScreenLockSection;
import io.rollcall.common.report.ScreenLockSetting;
import io.rollcall.common.report.Sections;
import io.rollcall.common.report.SettingSource;
import io.rollcall.common.report.Tri;
import io.rollcall.common.wire.ReportCodec;
import io.rollcall.common.wire.WireJson;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The policy document over the real HTTPS API on real H2 and Hazelcast: thresholds in the units, each
 * validated with its range, the compliance cut-off deciding who is compliant, and the fleet re-evaluated in
 * the background after the PUT has answered.
 */
public class PolicySettingsTest {
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

    @AfterEach
    void backToDefaults() throws Exception {
        awaitReevaluation(json(rc.admin("PUT", "/api/v1/policy", "{}"), 200).get("version").asInt());
    }

    private static JsonNode json(HttpResponse<String> res, int status) throws Exception {
        assertEquals(status, res.statusCode(), res.body());
        return WireJson.mapper().readTree(res.body());
    }

    private static JsonNode put(String body, int status) throws Exception {
        return json(rc.admin("PUT", "/api/v1/policy", body), status);
    }

    private static JsonNode policy() throws Exception {
        return json(rc.adminGet("/api/v1/policy"), 200);
    }

    /** Polls GET /api/v1/policy until {@code version}'s re-evaluation is done; bounded, fails if it never ends. */
    static JsonNode awaitReevaluation(int version) throws Exception {
        return awaitReevaluation(rc, version);
    }

    /** {@link #awaitReevaluation(int)} on {@code rc}, for other tests that change the policy. */
    public static JsonNode awaitReevaluation(TestCollector rc, int version) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            JsonNode p = json(rc.adminGet("/api/v1/policy"), 200);
            JsonNode r = p.get("reevaluation");
            if (p.get("version").asInt() == version && r != null && r.get("state").asText().equals("done")) {
                return r;
            }
            assertFalse(r != null && r.get("state").asText().equals("failed"), p.toString());
            LockSupport.parkNanos(20_000_000L); // between polls only; the loop ends on the status, not a timer
        }
        throw new AssertionError("re-evaluation of policy v" + version + " did not finish: "
                + rc.adminGet("/api/v1/policy").body());
    }

    /** A Linux laptop whose one account locks after {@code idleSeconds}, with a password and no grace. */
    private static EnrollResponse laptop(int idleSeconds) throws Exception {
        EnrollResponse d = rc.enroll(UUID.randomUUID().toString());
        ScreenLockSetting lock = new ScreenLockSetting("jo.bloggs", Tri.YES, idleSeconds, Tri.YES, 0,
                SettingSource.USER, null);
        Sections s = Sections.EMPTY.withOs(new OsInfo("linux", "Ubuntu", "24.04", "6.8", "x86_64", "lab-" + idleSeconds))
                .withScreenLock(new ScreenLockSection(List.of(lock), null));
        Report r = new Report(1, UUID.randomUUID(), d.deviceId(), "0.1.0", Instant.now(), ReportKind.DELTA, s, null);
        HttpResponse<String> res = rc.postReport(d, ReportCodec.toJson(r), false);
        assertEquals(202, res.statusCode(), res.body());
        return d;
    }

    private static boolean compliant(EnrollResponse d) throws Exception {
        for (JsonNode item : json(rc.adminGet("/api/v1/devices?limit=1000"), 200).get("items")) {
            if (item.get("id").asText().equals(d.deviceId().toString())) {
                return item.get("compliant").asBoolean();
            }
        }
        throw new AssertionError("device " + d.deviceId() + " is not listed");
    }

    private static int openIdleFindings(EnrollResponse d) throws Exception {
        return json(rc.adminGet("/api/v1/findings?status=open&rule=screenlock.idle-too-long&device=" + d.deviceId()),
                200).get("total").asInt();
    }

    @Test
    void negativeIdleMinutesAreRefusedNamingTheFieldAndNothingIsApplied() throws Exception {
        int before = policy().get("version").asInt();
        JsonNode bad = put("{\"staleDays\":30,\"screenLockMaxIdleMinutes\":-5}", 400);
        String detail = bad.get("detail").asText();
        assertTrue(detail.startsWith("screenLockMaxIdleMinutes was -5, must be more than 0 and at most 1440 minutes"),
                detail);
        JsonNode still = policy();
        assertEquals(before, still.get("version").asInt());
        assertEquals(14, still.get("policy").get("staleDays").asInt());
        assertEquals(15, still.get("policy").get("screenLockMaxIdleMinutes").asInt());
        assertEquals(900, still.get("policy").get("screenLockMaxIdleSeconds").asInt());
    }

    @Test
    void everyThresholdIsCheckedAgainstItsRangeAndEveryProblemIsNamed() throws Exception {
        String detail = put("{\"screenLockMaxIdleMinutesMac\":2000,\"screenLockMaxGraceSeconds\":-1,"
                + "\"staleDays\":0,\"staleDaysOnLoan\":400,\"mediaWindowDays\":366}", 400).get("detail").asText();
        for (String expected : List.of("screenLockMaxIdleMinutesMac was 2000, must be more than 0 and at most 1440",
                "screenLockMaxGraceSeconds was -1, must be 0 to 3600 seconds", "staleDays was 0, must be 1 to 365 days",
                "staleDaysOnLoan was 400, must be 1 to 365 days", "mediaWindowDays was 366, must be 0 to 365 days")) {
            assertTrue(detail.contains(expected), expected + " missing from " + detail);
        }
        String sev = put("{\"complianceSeverity\":\"severe\"}", 400).get("detail").asText();
        assertTrue(sev.startsWith("complianceSeverity: ") && sev.contains("info, low, medium, high, critical"), sev);
        String both = put("{\"screenLockMaxIdleMinutes\":10,\"screenLockMaxIdleSeconds\":900}", 400)
                .get("detail").asText();
        assertTrue(both.contains("screenLockMaxIdleMinutes was 10 (600 seconds) but screenLockMaxIdleSeconds was 900"),
                both);
        String type = put("{\"screenLockMaxIdleMinutes\":\"ten\"}", 400).get("detail").asText();
        assertTrue(type.startsWith("screenLockMaxIdleMinutes: must be a number"), type);

        JsonNode thresholds = policy().get("thresholds");
        List<String> fields = new java.util.ArrayList<>();
        thresholds.forEach(t -> fields.add(t.get("field").asText()));
        assertTrue(fields.containsAll(List.of("screenLockMaxIdleMinutes", "staleDays", "mediaWindowDays")), fields.toString());
    }

    @Test
    void osUpdateMaxDaysDefaultsToTheCyberEssentialsFourteenAndIsRangeChecked() throws Exception {
        assertEquals(14, policy().get("policy").get("osUpdateMaxDays").asInt());
        String detail = put("{\"osUpdateMaxDays\":0}", 400).get("detail").asText();
        assertTrue(detail.contains("osUpdateMaxDays was 0, must be 1 to 365 days"), detail);
        assertEquals(14, policy().get("policy").get("osUpdateMaxDays").asInt());
        assertEquals(30, put("{\"osUpdateMaxDays\":30}", 200).get("policy").get("osUpdateMaxDays").asInt());
    }

    @Test
    void minutesAndSecondsAreOneSettingAndAGetDocumentCanBeSentBack() throws Exception {
        JsonNode ok = put("{\"screenLockMaxIdleMinutes\":10}", 200);
        assertEquals(600, ok.get("policy").get("screenLockMaxIdleSeconds").asInt());
        assertEquals(10, ok.get("policy").get("screenLockMaxIdleMinutes").asInt());
        put("{\"screenLockMaxIdleSeconds\":90}", 200);
        JsonNode doc = policy().get("policy");
        assertEquals(1.5, doc.get("screenLockMaxIdleMinutes").asDouble());
        JsonNode again = put(doc.toString(), 200); // minutes and seconds agree: accepted as is
        assertEquals(90, again.get("policy").get("screenLockMaxIdleSeconds").asInt());
    }

    @Test
    void aPolicyChangeAnswersAtOnceAndReevaluatesTheFleetInTheBackground() throws Exception {
        EnrollResponse slow = laptop(1200);
        EnrollResponse quick = laptop(300);
        assertEquals(1, openIdleFindings(slow));
        assertFalse(compliant(slow));
        assertTrue(compliant(quick));

        JsonNode answer = put("{\"screenLockMaxIdleMinutes\":30}", 200);
        int version = answer.get("version").asInt();
        JsonNode started = answer.get("reevaluation");
        assertEquals(version, started.get("version").asInt());
        assertTrue(List.of("running", "done").contains(started.get("state").asText()), started.toString());
        assertTrue(started.get("devices").asInt() >= 2, started.toString());

        JsonNode finished = awaitReevaluation(version);
        assertEquals(finished.get("devices").asInt(), finished.get("done").asInt());
        assertEquals(0, finished.get("failed").asInt());
        assertEquals(0, openIdleFindings(slow));
        assertTrue(compliant(slow));
    }

    @Test
    void theComplianceCutOffDecidesWhoIsCompliantInTheListAndTheSummary() throws Exception {
        EnrollResponse slow = laptop(1500); // screenlock.idle-too-long fails at medium
        assertFalse(compliant(slow));
        long before = json(rc.adminGet("/api/v1/compliance/summary"), 200).get("compliant").asLong();

        awaitReevaluation(put("{\"complianceSeverity\":\"high\"}", 200).get("version").asInt());
        assertTrue(compliant(slow), "a medium finding no longer counts at a high cut-off");
        assertEquals(1, openIdleFindings(slow), "the finding stays open; only what it means changed");
        long after = json(rc.adminGet("/api/v1/compliance/summary"), 200).get("compliant").asLong();
        assertTrue(after >= before + 1, before + " → " + after);
        boolean listed = false;
        for (JsonNode item : json(rc.adminGet("/api/v1/devices?compliant=true&limit=1000"), 200).get("items")) {
            listed |= item.get("id").asText().equals(slow.deviceId().toString());
        }
        assertTrue(listed);

        awaitReevaluation(put("{\"complianceSeverity\":\"medium\"}", 200).get("version").asInt());
        assertFalse(compliant(slow));
    }

    @Test
    void aNewerVersionSupersedesAnOlderRunAndRunsAloneAfterIt() throws Exception {
        laptop(600);
        laptop(700);
        java.util.concurrent.atomic.AtomicInteger inForce = new java.util.concurrent.atomic.AtomicInteger(1000);
        java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger mostAtOnce = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        FleetReevaluator fleet = new FleetReevaluator(rc.collector().database(), id -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                if (calls.getAndIncrement() == 0) {
                    entered.countDown();
                    assertTrue(release.await(30, java.util.concurrent.TimeUnit.SECONDS));
                }
                return true;
            } finally {
                running.decrementAndGet();
            }
        });
        PolicyReevaluation runs = new PolicyReevaluation(rc.collector().hazelcast(), fleet, inForce::get,
                work -> new Thread(work, "test-policy-run").start(), java.time.Clock.systemUTC());

        PolicyReevaluation.Status first = runs.start(1000);
        assertTrue(entered.await(30, java.util.concurrent.TimeUnit.SECONDS));
        inForce.set(1001);
        PolicyReevaluation.Status second = runs.start(1001);
        assertEquals(PolicyReevaluation.RUNNING, runs.status(1001).state());
        release.countDown();

        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!PolicyReevaluation.DONE.equals(runs.status(1001).state()) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(10_000_000L);
        }
        PolicyReevaluation.Status older = runs.status(1000);
        PolicyReevaluation.Status newer = runs.status(1001);
        assertEquals(PolicyReevaluation.SUPERSEDED, older.state(), older.toString());
        assertEquals(1, older.done(), "the older run stopped after the device it was on");
        assertEquals(PolicyReevaluation.DONE, newer.state(), newer.toString());
        assertEquals(second.devices(), newer.done());
        assertEquals(first.devices() + 1, calls.get());
        assertEquals(1, mostAtOnce.get(), "never two runs at once");
    }
}
