package io.rollcall.common.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rollcall.common.report.Report;
import io.rollcall.common.report.SoftwareItem;
import io.rollcall.common.report.SoftwareSource;
import io.rollcall.common.sample.SampleReports;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class SoftwareTableTest {
    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private final ReportCodec codec = new ReportCodec(Clock.fixed(NOW, ZoneOffset.UTC));

    /** Every shape a package can take: nulls in each column, fractions of a second, several sources and publishers. */
    static List<SoftwareItem> awkward() {
        return List.of(
                new SoftwareItem("adduser", "3.134", "Debian", Instant.parse("2025-05-20T00:00:00Z"), SoftwareSource.DPKG, null),
                new SoftwareItem("Microsoft Edge", "131.0.2903.86", "Microsoft Corporation",
                        Instant.parse("2025-06-24T14:37:46.123456789Z"), SoftwareSource.REGISTRY, "C:\\Program Files (x86)\\Edge"),
                new SoftwareItem("Zoom \"Workplace\" ünïcødé ✓", null, null, null, SoftwareSource.APP_BUNDLE, "/Applications/zoom.us.app"),
                new SoftwareItem("bash", "5.2.15-2+b7", "Debian", Instant.parse("2025-06-24T14:37:47Z"), SoftwareSource.DPKG, null),
                new SoftwareItem("tab\tand\nnewline\u0001", "1", "Ĉontrol \\ Ŝlash", Instant.parse("2024-02-29T23:59:59.5Z"),
                        SoftwareSource.FLATPAK, null));
    }

    private Report report(List<SoftwareItem> software) {
        Report r = SampleReports.full(UUID.randomUUID(), 7, 3, NOW.minusSeconds(60));
        return new Report(r.schema(), r.reportId(), r.deviceId(), r.agentVersion(), r.collectedAt(), r.kind(),
                r.sections().withSoftware(software), r.diagnostics());
    }

    private static ObjectNode tree(byte[] gz) throws Exception {
        try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
            return (ObjectNode) WireJson.mapper().readTree(in.readAllBytes());
        }
    }

    @Test
    void bothFormsDecodeToEqualReports() throws Exception {
        Report r = report(awkward());
        byte[] table = ReportCodec.encodeForSending(r);
        byte[] list = ReportCodec.toGzipJson(r, 9);
        assertTrue(tree(table).get("sections").get("software").isObject(), "the agent's form is a table");
        assertTrue(tree(list).get("sections").get("software").isArray(), "the stored form is still a list");
        Report fromTable = codec.decode(table, "gzip");
        Report fromList = codec.decode(list, "gzip");
        assertEquals(r, fromTable);
        assertEquals(fromList, fromTable);
        assertEquals(r.sections().software(), fromTable.sections().software(), "same items in the same order");
    }

    @Test
    void realisticReportRoundTripsAndShrinks() throws Exception {
        Report r = SampleReports.full(UUID.randomUUID(), 3, 850, NOW.minusSeconds(60));
        byte[] table = ReportCodec.encodeForSending(r);
        assertEquals(r, codec.decode(table, "gzip"));
        assertTrue(table.length < ReportCodec.toGzipJson(r, 9).length, "the table form is smaller than the list form");
    }

    @Test
    void anOlderAgentsFractionOfASecondIsDroppedSoBothFormsAgree() throws Exception {
        SoftwareItem fromFileTime = new SoftwareItem("avahi-utils", "0.8-10", "Debian",
                Instant.parse("2026-11-21T02:52:00.252659945Z"), SoftwareSource.DPKG, null);
        assertEquals(Instant.parse("2026-11-21T02:52:00Z"), fromFileTime.installedAt());
        Report r = report(List.of(fromFileTime));
        String list = new String(ReportCodec.toJson(r), StandardCharsets.UTF_8);
        String older = list.replace("\"2026-11-21T02:52:00Z\"", "\"2026-11-21T02:52:00.252659945Z\"");
        assertTrue(older.contains(".252659945Z"), "the list form as an older agent sent it");
        Report decoded = codec.decode(older.getBytes(StandardCharsets.UTF_8), null);
        assertEquals(r, decoded);
        assertEquals(decoded, codec.decode(ReportCodec.encodeForSending(r), "gzip"));
    }

    @Test
    void columnsThatAreAllNullAreLeftOutAndReadBackAsNull() throws Exception {
        List<SoftwareItem> bare = List.of(new SoftwareItem("a", null, null, null, SoftwareSource.SNAP, null),
                new SoftwareItem("b", null, null, null, SoftwareSource.SNAP, null));
        Report r = report(bare);
        JsonNode sw = tree(ReportCodec.encodeForSending(r)).get("sections").get("software");
        assertEquals(List.of("name", "source", "sources"), fieldNames(sw));
        assertEquals(r, codec.decode(ReportCodec.encodeForSending(r), "gzip"));
    }

    @Test
    void emptyListRoundTripsAsEmpty() throws Exception {
        Report r = report(List.of());
        assertEquals(List.of(), codec.decode(ReportCodec.encodeForSending(r), "gzip").sections().software());
    }

    @Test
    void unknownColumnsAreSkippedSoLaterAgentsCanAddSome() throws Exception {
        ObjectNode root = tree(ReportCodec.encodeForSending(report(awkward())));
        ((ObjectNode) root.get("sections").get("software")).putArray("licenceKeys").add(1).addObject().put("x", 1);
        assertEquals(awkward(), codec.decode(bytes(root), null).sections().software());
    }

    @Test
    void mismatchedColumnLengthIsRefusedNamingTheColumn() throws Exception {
        WireException e = refusedAfter(sw -> ((ArrayNode) sw.get("version")).remove(0));
        assertEquals(WireException.Problem.MALFORMED, e.problem());
        assertEquals("sections.software.version", e.field());
        assertTrue(e.detail().contains("has 4 entries and name has 5"), e.detail());
    }

    @Test
    void indexOutOfRangeIsRefusedNamingTheRow() throws Exception {
        WireException e = refusedAfter(sw -> ((ArrayNode) sw.get("publisher")).set(3, 7));
        assertEquals(WireException.Problem.MALFORMED, e.problem());
        assertEquals("sections.software.publisher[3]", e.field());
        assertTrue(e.detail().contains("not an index into publishers"), e.detail());
    }

    @Test
    void negativeOrFractionalIndexIsRefused() throws Exception {
        assertEquals("sections.software.source[1]", refusedAfter(sw -> ((ArrayNode) sw.get("source")).set(1, -1)).field());
        assertEquals("sections.software.source[2]", refusedAfter(sw -> ((ArrayNode) sw.get("source")).set(2, 0.5)).field());
    }

    @Test
    void unknownSourceNameIsRefused() throws Exception {
        WireException e = refusedAfter(sw -> ((ArrayNode) sw.get("sources")).set(0, "ftp"));
        assertEquals("sections.software.sources[0]", e.field());
        assertTrue(e.detail().contains("one of registry"), e.detail());
    }

    @Test
    void missingNameColumnIsRefused() throws Exception {
        WireException e = refusedAfter(sw -> sw.remove("name"));
        assertEquals("sections.software.name", e.field());
        assertTrue(e.detail().contains("is required"), e.detail());
    }

    @Test
    void wrongCellTypesAreRefusedNamingTheCell() throws Exception {
        assertEquals("sections.software.name[1]", refusedAfter(sw -> ((ArrayNode) sw.get("name")).set(1, 5)).field());
        assertEquals("sections.software.installedAt[0]",
                refusedAfter(sw -> ((ArrayNode) sw.get("installedAt")).set(0, 1.5)).field());
        assertEquals("sections.software.installedAt[0]",
                refusedAfter(sw -> ((ArrayNode) sw.get("installedAt")).set(0, "yesterday")).field());
        assertEquals("sections.software.installedAt[0]",
                refusedAfter(sw -> ((ArrayNode) sw.get("installedAt")).set(0, Long.MAX_VALUE)).field());
        assertEquals("sections.software.version", refusedAfter(sw -> sw.put("version", "1.0")).field());
    }

    @Test
    void aScalarInsteadOfListOrTableIsRefused() throws Exception {
        ObjectNode root = tree(ReportCodec.encodeForSending(report(awkward())));
        ((ObjectNode) root.get("sections")).put("software", "lots");
        WireException e = assertThrows(WireException.class, () -> codec.decode(bytes(root), null));
        assertEquals("sections.software", e.field());
    }

    @Test
    void aMillionRowTableStopsAtTheLimitWithoutBuildingIt() {
        StringBuilder sb = new StringBuilder("{\"schema\":1,\"sections\":{\"software\":{\"name\":[");
        for (int i = 0; i < 1_000_000; i++) {
            sb.append(i == 0 ? "\"a\"" : ",\"a\"");
        }
        sb.append("]}}}");
        WireException e = assertThrows(WireException.class, () -> codec.decode(sb.toString().getBytes(StandardCharsets.UTF_8), null));
        assertEquals(WireException.Problem.TOO_LARGE, e.problem());
        assertTrue(e.detail().contains("/sections/software/name") && e.detail().contains("more than 20000"), e.detail());
    }

    @Test
    void aTableThatExpandsPastAnyBodyIsRefused() throws Exception {
        // 20,000 rows sharing one 512-character publisher: a ~150 KB body standing for a 10 MB list
        StringBuilder sb = new StringBuilder("{\"name\":[");
        for (int i = 0; i < Limits.MAX_SOFTWARE; i++) {
            sb.append(i == 0 ? "\"a\"" : ",\"a\"");
        }
        sb.append("],\"publishers\":[\"").append("p".repeat(Limits.MAX_NAME)).append("\"],\"publisher\":[");
        for (int i = 0; i < Limits.MAX_SOFTWARE; i++) {
            sb.append(i == 0 ? "0" : ",0");
        }
        sb.append("]}");
        ObjectNode root = tree(ReportCodec.encodeForSending(report(awkward())));
        ((ObjectNode) root.get("sections")).set("software", WireJson.mapper().readTree(sb.toString()));
        WireException e = assertThrows(WireException.class, () -> codec.decode(bytes(root), null));
        assertEquals(WireException.Problem.TOO_LARGE, e.problem());
        assertTrue(e.detail().contains("expands past"), e.detail());
    }

    @Test
    void validatorStillNamesTheRowOfAnOverlongName() throws Exception {
        List<SoftwareItem> sw = new ArrayList<>(awkward());
        sw.set(2, new SoftwareItem("x".repeat(600), null, null, null, SoftwareSource.DPKG, null));
        WireException e = assertThrows(WireException.class, () -> codec.decode(ReportCodec.encodeForSending(report(sw)), "gzip"));
        assertEquals("sections.software[2].name", e.field());
    }

    @Test
    void deltaWithoutSoftwareHasNoSoftwareKey() throws Exception {
        Report hb = SampleReports.heartbeat(UUID.randomUUID(), NOW);
        assertNull(tree(ReportCodec.encodeForSending(hb)).get("sections").get("software"));
        assertEquals(hb, codec.decode(ReportCodec.encodeForSending(hb), "gzip"));
    }

    private WireException refusedAfter(java.util.function.Consumer<ObjectNode> change) throws Exception {
        ObjectNode root = tree(ReportCodec.encodeForSending(report(awkward())));
        change.accept((ObjectNode) root.get("sections").get("software"));
        byte[] body = bytes(root);
        WireException e = assertThrows(WireException.class, () -> codec.decode(body, null));
        assertFalse(e.detail().isBlank());
        return e;
    }

    private static byte[] bytes(JsonNode n) throws Exception {
        return WireJson.mapper().writeValueAsBytes(n);
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
