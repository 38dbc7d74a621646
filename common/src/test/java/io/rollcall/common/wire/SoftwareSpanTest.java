package io.rollcall.common.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.common.report.Report;
import io.rollcall.common.report.SoftwareItem;
import io.rollcall.common.sample.SampleReports;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** {@link ReportCodec#decode(byte[], String, String)}: the software list's span digest and its unchanged fast path. */
class SoftwareSpanTest {
    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private final ReportCodec codec = new ReportCodec(Clock.fixed(NOW, ZoneOffset.UTC));
    private final UUID device = UUID.randomUUID();

    private Report report(List<SoftwareItem> software) {
        Report r = SampleReports.full(device, 11, 3, NOW.minusSeconds(60));
        return new Report(r.schema(), UUID.randomUUID(), device, r.agentVersion(), r.collectedAt(), r.kind(),
                r.sections().withSoftware(software), r.diagnostics());
    }

    private static List<SoftwareItem> packages() {
        return SampleReports.software(5, 200, NOW.minusSeconds(3600));
    }

    /** The agent's bytes (gzipped, software as a table). */
    private static byte[] table(Report r) {
        return ReportCodec.encodeForSending(r);
    }

    /** An older agent's bytes (plain JSON, software as a list of objects). */
    private static byte[] list(Report r) {
        return ReportCodec.toJson(r);
    }

    private static String encoding(byte[] body) {
        return body.length > 1 && body[0] == (byte) 0x1f && body[1] == (byte) 0x8b ? "gzip" : null;
    }

    private ReportCodec.Decoded decode(byte[] body, String known) throws WireException {
        return codec.decode(body, encoding(body), known);
    }

    @Test
    void theSameListAgainIsTokenizedButNotBuiltInEitherForm() throws Exception {
        for (Function<Report, byte[]> form : List.<Function<Report, byte[]>>of(SoftwareSpanTest::table, SoftwareSpanTest::list)) {
            Report first = report(packages());
            ReportCodec.Decoded a = decode(form.apply(first), null);
            assertEquals(first, a.report(), "a first report is decoded in full");
            assertFalse(a.softwareUnchanged());
            assertTrue(ReportCodec.isSpanDigest(a.softwareDigest()), a.softwareDigest());

            Report again = report(packages());
            ReportCodec.Decoded b = decode(form.apply(again), a.softwareDigest());
            assertTrue(b.softwareUnchanged());
            assertNull(b.report().sections().software(), "an unchanged list is left unbuilt");
            assertEquals(a.softwareDigest(), b.softwareDigest());
            assertEquals(again.sections().withSoftware(null), b.report().sections(), "every other section is decoded");
            assertEquals(again.reportId(), b.report().reportId());
        }
    }

    @Test
    void bracketsQuotesAndBackslashesInsideNamesDoNotEndTheSpan() throws Exception {
        String v = "[\"a]\\\"}\\\\\",{\"b\":[1,{}]}]";
        byte[] b = (v + ",\"next\":[]}").getBytes(StandardCharsets.UTF_8);
        assertEquals(v.length(), SoftwareSpan.scanEnd(b, 0), v);
        assertEquals(-1, SoftwareSpan.scanEnd("[\"open".getBytes(StandardCharsets.UTF_8), 0));

        List<SoftwareItem> sw = new ArrayList<>(SoftwareTableTest.awkward());
        sw.add(new SoftwareItem("]}\"\\[{", "1", null, null, io.rollcall.common.report.SoftwareSource.DPKG, "C:\\x\\"));
        for (Function<Report, byte[]> form : List.<Function<Report, byte[]>>of(SoftwareSpanTest::table, SoftwareSpanTest::list)) {
            String known = decode(form.apply(report(sw)), null).softwareDigest();
            Report again = report(sw);
            ReportCodec.Decoded d = decode(form.apply(again), known);
            assertTrue(d.softwareUnchanged());
            assertEquals(again.sections().withSoftware(null), d.report().sections());
        }
    }

    @Test
    void onePackageChangedIsDecodedInFullWithANewDigest() throws Exception {
        for (Function<Report, byte[]> form : List.<Function<Report, byte[]>>of(SoftwareSpanTest::table, SoftwareSpanTest::list)) {
            List<SoftwareItem> before = packages();
            String known = decode(form.apply(report(before)), null).softwareDigest();
            List<SoftwareItem> after = new ArrayList<>(before);
            SoftwareItem p = after.get(17);
            after.set(17, new SoftwareItem(p.name(), p.version() + "+1", p.publisher(), p.installedAt(), p.source(), p.location()));
            Report changed = report(after);
            ReportCodec.Decoded d = decode(form.apply(changed), known);
            assertFalse(d.softwareUnchanged());
            assertEquals(changed, d.report(), "the changed list is built and validated as ever");
            assertNotEquals(known, d.softwareDigest());
            assertEquals(decode(form.apply(changed), null).softwareDigest(), d.softwareDigest(),
                    "the same bytes give the same digest whether or not one was known");
        }
    }

    @Test
    void theDigestFollowsTheBytesOfTheListOnly() throws Exception {
        List<SoftwareItem> sw = packages();
        String a = decode(table(report(sw)), null).softwareDigest();
        String b = decode(table(report(sw)), null).softwareDigest(); // another reportId, the same list
        assertEquals(a, b);
        List<SoftwareItem> other = new ArrayList<>(sw);
        SoftwareItem p = other.get(0);
        other.set(0, new SoftwareItem(p.name(), "9" + p.version().substring(1), p.publisher(), p.installedAt(), p.source(),
                p.location()));
        assertNotEquals(a, decode(table(report(other)), null).softwareDigest(), "a changed version string");
        assertNotEquals(a, decode(list(report(sw)), null).softwareDigest(), "the other form is other bytes");
        assertTrue(a.length() <= 64 && !a.matches("[0-9a-f]{64}"), "never mistaken for a stored SHA-256: " + a);
    }

    @Test
    void aListStoredForAnotherDeviceIsRecognisedByItsSha256() throws Exception {
        List<SoftwareItem> sw = packages();
        String stored = decode(list(report(sw)), null).softwareDigest();
        assertTrue(stored.matches("w2:[A-Za-z0-9_-]{43}"), "SHA-256, base64url: " + stored);
        java.util.List<String> asked = new ArrayList<>();
        Report another = report(sw); // another report (another reportId): the same list's bytes
        ReportCodec.Decoded d = codec.decodeWithStored(list(another), null, digest -> {
            asked.add(digest);
            return java.util.Set.of(stored).contains(digest);
        });
        assertEquals(List.of(stored), asked, "asked once, with the list's digest");
        assertTrue(d.softwareUnchanged());
        assertNull(d.report().sections().software(), "a stored list is not built again");
        assertEquals(stored, d.softwareDigest());
        ReportCodec.Decoded none = codec.decodeWithStored(list(report(null)), null, digest -> {
            throw new AssertionError("no list, nothing to ask");
        });
        assertNull(none.softwareDigest());
        ReportCodec.Decoded unknown = codec.decodeWithStored(list(another), null, digest -> false);
        assertFalse(unknown.softwareUnchanged());
        assertEquals(another, unknown.report(), "an unknown list is built and checked as ever");
    }

    @Test
    void aReportWithoutSoftwareHasNoDigestEvenWhenOneIsKnown() throws Exception {
        Report r = report(null);
        ReportCodec.Decoded d = decode(table(r), SoftwareSpan.digest("[]".getBytes(StandardCharsets.UTF_8), 0, 2));
        assertNull(d.softwareDigest());
        assertFalse(d.softwareUnchanged());
        assertEquals(r, d.report());
    }

    @Test
    void hostileBodiesAreRefusedAlikeWithOrWithoutAKnownDigest() throws Exception {
        Report valid = report(packages());
        String known = decode(list(valid), null).softwareDigest();
        String json = new String(list(valid), StandardCharsets.UTF_8);
        String firstName = valid.sections().software().get(0).name();
        String firstVersion = valid.sections().software().get(0).version();
        StringBuilder huge = new StringBuilder("\"software\":{\"name\":[");
        for (int i = 0; i <= Limits.MAX_ARRAY_ELEMENTS; i++) {
            huge.append(i == 0 ? "" : ",").append("\"p").append(i).append('"');
        }
        huge.append("]},");
        assertTrue(json.indexOf("\"accounts\":") > json.indexOf("\"software\":"), "accounts follow the software");
        List<String> hostile = List.of(
                json.replace("\"" + firstName + "\"", "\"a\\u0000b\""),                  // NUL inside the span
                json.replace("\"name\":\"" + firstName + "\",", "\"name\":,"),             // not JSON inside the span
                json.replace("\"version\":\"" + firstVersion + "\"", "\"version\":12"),   // wrong type inside the span
                json.replace("\"name\":\"" + firstName + "\"", "\"name\":\"" + "x".repeat(Limits.MAX_NAME + 1) + "\""),
                json.replace("\"software\":[", "\"software\":[null,"),                     // null element: validation
                json.replaceFirst("\"software\":\\[", huge + "\"unused\":["),               // an array over the limit
                json.replace("\"software\":[", "\"software\":{\"name\":[\"a\"],\"version\":[]},\"unused\":["), // table
                json.replace("\"accounts\":", "\"os\":{\"family\":\"linux\"},\"accounts\":"),  // a key again after it
                json.replace("\"name\":\"" + firstName + "\",", "\"name\":\"" + firstName + "\",\"name\":\"x\","), // inside it
                json + " {}");                                                            // trailing content
        for (String h : hostile) {
            assertNotEquals(json, h, "each case changes the body");
            byte[] body = h.getBytes(StandardCharsets.UTF_8);
            WireException plain = assertThrows(WireException.class, () -> codec.decode(body, null));
            WireException noKnown = assertThrows(WireException.class, () -> codec.decode(body, null, null));
            WireException withKnown = assertThrows(WireException.class, () -> codec.decode(body, null, known));
            for (WireException e : List.of(noKnown, withKnown)) {
                assertEquals(plain.problem(), e.problem(), h.length() + ": " + plain.detail());
                assertEquals(plain.detail(), e.detail());
            }
        }
        byte[] tooLarge = new byte[Limits.MAX_WIRE_BYTES + 1];
        WireException big = assertThrows(WireException.class, () -> codec.decode(tooLarge, "gzip", known));
        assertEquals(WireException.Problem.TOO_LARGE, big.problem());
        assertNotNull(big.detail());
    }
}
