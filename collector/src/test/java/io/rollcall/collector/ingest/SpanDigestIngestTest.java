package io.rollcall.collector.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.cluster.ClusterFactory;
import io.rollcall.collector.devices.DeviceQueries;
import io.rollcall.collector.findings.Policy;
import io.rollcall.collector.findings.RuleEngine;
import io.rollcall.collector.support.MutableClock;
import io.rollcall.collector.support.TestCollector;
import io.rollcall.common.enroll.EnrollResponse;
import io.rollcall.common.report.Report;
import io.rollcall.common.report.SoftwareItem;
import io.rollcall.common.sample.SampleReports;
import io.rollcall.common.wire.ReportCodec;
import io.rollcall.common.wire.WireJson;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Later full reports through real HTTPS into a real collector (H2): an unchanged software list, recognised by its
 * span digest, stores nothing; a changed one is stored under its new digest; a stale "unchanged" is decoded again.
 */
class SpanDigestIngestTest {
    @TempDir
    static Path dir;
    static TestCollector rc;
    static final MutableClock CLOCK = new MutableClock(Instant.now());
    static IngestService direct;
    private final ReportCodec codec = new ReportCodec(Clock.systemUTC());

    @BeforeAll
    static void start() throws Exception {
        rc = new TestCollector(dir).start(0, c -> c, CLOCK);
        var db = rc.collector().database();
        // a second service on the same store and device map, called directly (no rules: only sections matter here)
        direct = new IngestService(db, rc.collector().hazelcast().getMap(ClusterFactory.DEVICES), new IngestReads(db),
                new DeviceQueries(db), new RuleEngine(List.of()), Policy::defaults, CLOCK);
    }

    @AfterAll
    static void stop() {
        direct.close();
        rc.close();
    }

    /** The same device's report again: a new reportId, collected later, the given software. */
    private static Report again(Report r, List<SoftwareItem> software) {
        return new Report(r.schema(), UUID.randomUUID(), r.deviceId(), r.agentVersion(),
                r.collectedAt().plusSeconds(3600), r.kind(), r.sections().withSoftware(software), r.diagnostics());
    }

    private static List<SoftwareItem> bumped(List<SoftwareItem> sw, int i) {
        List<SoftwareItem> out = new ArrayList<>(sw);
        SoftwareItem p = out.get(i);
        out.set(i, new SoftwareItem(p.name(), p.version() + ".1", p.publisher(), p.installedAt(), p.source(), p.location()));
        return out;
    }

    private static void post(EnrollResponse d, Report r) throws Exception {
        var res = rc.postReport(d, ReportCodec.encodeForSending(r), true);
        assertEquals(202, res.statusCode(), res.body());
    }

    @Test
    void anUnchangedFullReportStoresNoSoftwareAndKeepsFindingsWhileLastSeenMoves() throws Exception {
        EnrollResponse d = rc.enroll(UUID.randomUUID().toString());
        Report first = SampleReports.full(d.deviceId(), 41, 850, Instant.now());
        post(d, first);
        String digest = storedHash(d.deviceId());
        assertTrue(ReportCodec.isSpanDigest(digest), digest);
        assertEquals(1, softwareVersions(d.deviceId()));
        List<String> findings = openFindings(d.deviceId());
        assertTrue(findings.stream().anyMatch(f -> f.startsWith("software.unapproved ")), findings.toString());
        Instant seen = lastSeen(d.deviceId());

        CLOCK.advance(Duration.ofMinutes(10));
        post(d, again(first, first.sections().software()));
        assertEquals(1, softwareVersions(d.deviceId()), "the unchanged list is not stored again");
        assertEquals(digest, storedHash(d.deviceId()));
        assertEquals(findings, openFindings(d.deviceId()), "software findings stand");
        assertTrue(lastSeen(d.deviceId()).isAfter(seen));
        assertEquals(850, detail(d.deviceId()).get("software").size());

        List<SoftwareItem> changed = bumped(first.sections().software(), 100);
        post(d, again(first, changed));
        assertEquals(2, softwareVersions(d.deviceId()), "a changed list is stored");
        assertNotEquals(digest, storedHash(d.deviceId()));
        assertEquals(changed.get(100).version(), detail(d.deviceId()).get("software").get(100).get("version").asText());
    }

    @Test
    void anUnchangedListIsRecognisedByItsBytesWithoutBeingBuiltAgain() throws Exception {
        EnrollResponse d = rc.enroll(UUID.randomUUID().toString());
        Instant now = CLOCK.instant();
        Report r = SampleReports.full(d.deviceId(), 44, 100, now);
        List<SoftwareItem> sw = new ArrayList<>(r.sections().software());
        SoftwareItem p = sw.get(0);
        // installed "23 hours from now" by the laptop's clock: within the 24 h of skew the collector allows
        sw.set(0, new SoftwareItem(p.name(), p.version(), p.publisher(), now.plus(Duration.ofHours(23)), p.source(), p.location()));
        Report first = again(r, sw);
        post(d, first);
        CLOCK.advance(Duration.ofHours(-2)); // the collector's clock is put back: that date is now 25 h ahead
        try {
            // the same bytes are matched by their digest and stored nothing: validated once, when first stored
            post(d, again(first, sw));
            assertEquals(1, softwareVersions(d.deviceId()));
            // a changed list is built and validated in full, so the date is refused
            var res = rc.postReport(d, ReportCodec.encodeForSending(again(first, bumped(sw, 1))), true);
            assertEquals(400, res.statusCode(), res.body());
            assertTrue(res.body().contains("sections.software[0].installedAt"), res.body());
        } finally {
            CLOCK.advance(Duration.ofHours(2));
        }
    }

    @Test
    void aStaleUnchangedClaimReadsTheStoredListAndStoresItAgain() throws Exception {
        EnrollResponse d = rc.enroll(UUID.randomUUID().toString());
        Report first = SampleReports.full(d.deviceId(), 42, 300, Instant.now());
        post(d, first);
        String digest = storedHash(d.deviceId());
        // decoded against the stored digest, as the handler does right after authentication
        byte[] body = ReportCodec.encodeForSending(again(first, first.sections().software()));
        ReportCodec.Decoded claim = codec.decode(body, "gzip", digest);
        assertTrue(claim.softwareUnchanged());
        assertNull(claim.report().sections().software());
        // ...then another report of the device changes the list before this one takes the device's lock
        List<SoftwareItem> meanwhile = bumped(first.sections().software(), 7);
        post(d, again(first, meanwhile));
        assertNotEquals(digest, storedHash(d.deviceId()));
        assertEquals(2, softwareVersions(d.deviceId()));

        int[] fullDecodes = new int[1];
        direct.ingest(d.deviceId(), claim, body.length, () -> {
            fullDecodes[0]++;
            return codec.decode(body, "gzip", (String) null);
        });
        assertEquals(0, fullDecodes[0], "the list under that digest is stored: it is read, not parsed");
        assertEquals(3, softwareVersions(d.deviceId()), "the list is stored again, not left half-known");
        assertEquals(digest, storedHash(d.deviceId()));
        assertEquals(first.sections().software().get(7).version(),
                detail(d.deviceId()).get("software").get(7).get("version").asText());
    }

    @Test
    void aClaimOfAListNeverStoredIsDecodedInFull() throws Exception {
        EnrollResponse d = rc.enroll(UUID.randomUUID().toString());
        Report first = SampleReports.full(d.deviceId(), 45, 120, Instant.now());
        byte[] body = ReportCodec.encodeForSending(first);
        // a decoder told that every digest is stored (as a lookup that erred would): the list is left unbuilt
        ReportCodec.Decoded claim = codec.decodeWithStored(body, "gzip", digest -> true);
        assertTrue(claim.softwareUnchanged());
        int[] fullDecodes = new int[1];
        direct.ingest(d.deviceId(), claim, body.length, () -> {
            fullDecodes[0]++;
            return codec.decode(body, "gzip", (String) null);
        });
        assertEquals(1, fullDecodes[0], "nothing is stored under the digest: the list is built after all");
        assertEquals(claim.softwareDigest(), storedHash(d.deviceId()));
        assertEquals(120, detail(d.deviceId()).get("software").size());
    }

    @Test
    void laptopsFromOneImageShareOneStoredList() throws Exception {
        long listsBefore = direct.softwareLists().count();
        List<SoftwareItem> image = SampleReports.full(UUID.randomUUID(), 46, 250, Instant.now()).sections().software();
        List<UUID> laptops = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            EnrollResponse d = rc.enroll(UUID.randomUUID().toString());
            laptops.add(d.deviceId());
            Report r = SampleReports.full(d.deviceId(), 46, 250, Instant.now());
            post(d, again(r, image));
        }
        assertEquals(listsBefore + 1, direct.softwareLists().count(), "one list stored for three laptops");
        String digest = storedHash(laptops.get(0));
        for (UUID laptop : laptops) {
            assertEquals(digest, storedHash(laptop));
            assertEquals(0, (int) query("SELECT OCTET_LENGTH(doc) FROM device_sections WHERE device_id = ? AND section = 'software'",
                    laptop, rs -> (Integer) rs.getInt(1)), "stored by reference");
            assertEquals(1, softwareVersions(laptop));
            JsonNode sw = detail(laptop).get("software");
            assertEquals(250, sw.size());
            assertEquals(image.get(249).name(), sw.get(249).get("name").asText());
        }
        // the install index of the second and third laptops was derived from the shared list too
        String title = image.get(0).name();
        assertEquals(3, (int) query("SELECT COUNT(DISTINCT device_id) FROM software_held WHERE device_id IN (?, ?, ?)",
                laptops, rs -> (Integer) rs.getInt(1)), "each laptop is a holder of " + title);
    }

    @Test
    void aDecisionTakenAfterTheImageWasJudgedCountsForTheNextLaptop() throws Exception {
        List<SoftwareItem> image = SampleReports.full(UUID.randomUUID(), 47, 150, Instant.now()).sections().software();
        EnrollResponse a = rc.enroll(UUID.randomUUID().toString());
        post(a, again(SampleReports.full(a.deviceId(), 47, 150, Instant.now()), image));
        EnrollResponse b = rc.enroll(UUID.randomUUID().toString());
        post(b, again(SampleReports.full(b.deviceId(), 47, 150, Instant.now()), image)); // judged from the shared list
        assertTrue(openFindings(b.deviceId()).stream().noneMatch(f -> f.startsWith("software.banned ")));

        // a title of the image, as the install index has it
        String titleId = query("SELECT MIN(title_id) FROM software_held WHERE device_id = ?", a.deviceId(),
                rs -> rs.getString(1));
        var ban = rc.admin("POST", "/api/v1/software/titles/" + titleId + "/decision",
                "{\"status\":\"banned\",\"reason\":\"test\"}");
        assertEquals(200, ban.statusCode(), ban.body());

        EnrollResponse c = rc.enroll(UUID.randomUUID().toString());
        post(c, again(SampleReports.full(c.deviceId(), 47, 150, Instant.now()), image));
        assertTrue(openFindings(c.deviceId()).stream().anyMatch(f -> f.startsWith("software.banned ")),
                "the image's list judged again under the new decision: " + openFindings(c.deviceId()));
    }

    @Test
    void aListStoredUnderTheOldFieldHashIsStoredOnceMoreThenMatched() throws Exception {
        EnrollResponse d = rc.enroll(UUID.randomUUID().toString());
        Report first = SampleReports.full(d.deviceId(), 43, 200, Instant.now());
        direct.ingest(d.deviceId(), first, 1000); // the Report-only path (OCS), as every list was stored before
        assertFalse(ReportCodec.isSpanDigest(storedHash(d.deviceId())));
        assertEquals(1, softwareVersions(d.deviceId()));

        post(d, again(first, first.sections().software()));
        assertEquals(2, softwareVersions(d.deviceId()), "once after the upgrade: the hash changes form");
        assertTrue(ReportCodec.isSpanDigest(storedHash(d.deviceId())));
        post(d, again(first, first.sections().software()));
        assertEquals(2, softwareVersions(d.deviceId()));
    }

    private static JsonNode detail(UUID device) throws Exception {
        return WireJson.mapper().readTree(rc.adminGet("/api/v1/devices/" + device).body());
    }

    private static List<String> openFindings(UUID device) throws Exception {
        JsonNode items = WireJson.mapper().readTree(
                rc.adminGet("/api/v1/findings?status=open&device=" + device).body()).get("items");
        List<String> out = new ArrayList<>();
        items.forEach(f -> out.add(f.get("rule").asText() + " " + f.get("id").asText()));
        out.sort(null);
        return out;
    }

    /** The device's software versions stored: the ones replaced (the history) and its current one. */
    private static long softwareVersions(UUID device) throws Exception {
        return query("SELECT COUNT(*) FROM (SELECT device_id FROM section_history WHERE section = 'software' UNION ALL "
                + "SELECT device_id FROM device_sections WHERE section = 'software') v WHERE v.device_id = ?", device,
                rs -> rs.getLong(1));
    }

    private static String storedHash(UUID device) throws Exception {
        return query("SELECT sha256 FROM device_sections WHERE device_id = ? AND section = 'software'", device,
                rs -> rs.getString(1));
    }

    private static Instant lastSeen(UUID device) throws Exception {
        return query("SELECT last_seen_at FROM devices WHERE id = ?", device,
                rs -> rs.getObject(1, java.time.OffsetDateTime.class).toInstant());
    }

    private interface Column<T> {
        T get(ResultSet rs) throws java.sql.SQLException;
    }

    private static <T> T query(String sql, List<UUID> devices, Column<T> column) throws Exception {
        return rc.collector().database().read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < devices.size(); i++) {
                    ps.setObject(i + 1, devices.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next(), sql);
                    return column.get(rs);
                }
            }
        });
    }

    private static <T> T query(String sql, UUID device, Column<T> column) throws Exception {
        return query(sql, List.of(device), column);
    }
}
