package io.rollcall.common.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.common.report.Report;
import io.rollcall.common.sample.SampleReports;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** The agent's body as gzip members, and the collector's decode that knows a list member by its bytes' digest. */
class GzipMembersTest {
    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private final ReportCodec codec = new ReportCodec(Clock.fixed(NOW, ZoneOffset.UTC));
    private final UUID device = UUID.randomUUID();

    private Report report(int seed) {
        Report r = SampleReports.full(device, 11, 3, NOW.minusSeconds(60));
        return new Report(r.schema(), UUID.randomUUID(), device, r.agentVersion(), r.collectedAt(), r.kind(),
                r.sections().withSoftware(SampleReports.software(seed, 300, NOW.minusSeconds(3600))), r.diagnostics());
    }

    private static byte[] gunzip(byte[] body) throws Exception {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        }
    }

    private static byte[] json(Report r) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReportWriter.write(r, out);
        return out.toByteArray();
    }

    @Test
    void anyGzipReaderReadsTheMembersAsTheWholeReport() throws Exception {
        Report r = report(5);
        byte[] body = ReportCodec.encodeForSending(r);
        assertArrayEquals(json(r), gunzip(body), "the members inflate, in order, to the report's JSON");
        assertEquals(r, codec.decode(body, "gzip"));
        GzipMembers.Read read = GzipMembers.read(body, Limits.MAX_REPORT_BYTES, z -> null);
        assertNotNull(read, "the agent's body has a marked list member");
        String inList = new String(read.json(), read.markedStart(), read.markedEnd() - read.markedStart(), StandardCharsets.UTF_8);
        assertTrue(inList.startsWith("{") || inList.startsWith("["), inList.substring(0, 20));
        assertTrue(new String(read.json(), 0, read.markedStart(), StandardCharsets.UTF_8).endsWith("\"software\":"));
    }

    @Test
    void theSameListIsEncodedToTheSameMemberBytes() throws Exception {
        byte[] a = ReportCodec.encodeForSending(report(5));
        byte[] b = ReportCodec.encodeForSending(report(5)); // another reportId: only the first member differs
        assertEquals(GzipMembers.read(a, Limits.MAX_REPORT_BYTES, z -> null).memberDigest(),
                GzipMembers.read(b, Limits.MAX_REPORT_BYTES, z -> null).memberDigest());
        assertFalse(Arrays.equals(a, b));
    }

    @Test
    void aMemberInflatedBeforeToAStoredListIsKnownWithoutItsList() throws Exception {
        Report first = report(5);
        ReportCodec.Decoded a = codec.decodeWithStored(ReportCodec.encodeForSending(first), "gzip", d -> false);
        assertFalse(a.softwareUnchanged());
        assertEquals(first, a.report());
        assertEquals(1, codec.rememberedListMembers(), "the list member is remembered by its bytes");

        Report again = report(5);
        ReportCodec.Decoded b = codec.decodeWithStored(ReportCodec.encodeForSending(again), "gzip",
                a.softwareDigest()::equals);
        assertTrue(b.softwareUnchanged());
        assertEquals(1, codec.listMembersKnown(), "decoded around the known member");
        assertEquals(a.softwareDigest(), b.softwareDigest());
        assertNull(b.report().sections().software());
        assertEquals(again.sections().withSoftware(null), b.report().sections(), "every other section is decoded");
        assertEquals(again.reportId(), b.report().reportId());
    }

    @Test
    void aRememberedMemberWhoseListIsNoLongerStoredIsDecodedInFull() throws Exception {
        Report first = report(5);
        codec.decodeWithStored(ReportCodec.encodeForSending(first), "gzip", d -> false);
        Report again = report(5);
        ReportCodec.Decoded b = codec.decodeWithStored(ReportCodec.encodeForSending(again), "gzip", d -> false);
        assertFalse(b.softwareUnchanged());
        assertEquals(again, b.report());
    }

    @Test
    void aKnownListMemberMovedOutOfTheSoftwareValueIsReadWhole() throws Exception {
        Report first = report(5);
        byte[] genuine = ReportCodec.encodeForSending(first);
        ReportCodec.Decoded a = codec.decodeWithStored(genuine, "gzip", d -> false);
        byte[] member = listMember(genuine);
        // the same member bytes, now the value of "extra" inside os, with a different list as the software value
        byte[] forged = concat(
                gzipMember(("{\"schema\":1,\"reportId\":\"" + UUID.randomUUID() + "\",\"deviceId\":\"" + device
                        + "\",\"agentVersion\":\"0.1.0\",\"collectedAt\":\"" + NOW.minusSeconds(60)
                        + "\",\"kind\":\"full\",\"sections\":{\"unknownField\":").getBytes(StandardCharsets.UTF_8)),
                member,
                gzipMember(",\"software\":[]}}".getBytes(StandardCharsets.UTF_8)));
        ReportCodec.Decoded fast = null;
        WireException fastError = null;
        try {
            fast = codec.decodeWithStored(forged, "gzip", a.softwareDigest()::equals);
        } catch (WireException e) {
            fastError = e;
        }
        ReportCodec.Decoded whole = null;
        WireException wholeError = null;
        try {
            whole = new ReportCodec(Clock.fixed(NOW, ZoneOffset.UTC)).decode(forged, "gzip", (String) null);
        } catch (WireException e) {
            wholeError = e;
        }
        assertEquals(wholeError == null ? null : wholeError.getMessage(), fastError == null ? null : fastError.getMessage(),
                "the same error as a decode of the whole body");
        assertEquals(0, codec.listMembersKnown(), "a misplaced member is never counted as known");
        if (whole != null) {
            assertFalse(fast.softwareUnchanged(), "the placeholder was not the software value: nothing is taken as known");
            assertEquals(whole.report(), fast.report());
        }
    }

    @Test
    void aSubfieldThatMisstatesTheMemberLengthIsReadTheOrdinaryWay() throws Exception {
        byte[] body = ReportCodec.encodeForSending(report(5));
        int at = markedAt(body);
        body[at + 16]++; // the length the subfield claims
        assertNull(GzipMembers.read(body, Limits.MAX_REPORT_BYTES, z -> null));
        ReportCodec.Decoded d = codec.decodeWithStored(body, "gzip", x -> false);
        assertEquals(report(5).sections(), d.report().sections(), "any gzip reader ignores the extra field");
        assertEquals(0, codec.rememberedListMembers(), "nothing remembered from a body read the ordinary way");
    }

    @Test
    void aSkippedMemberCountsTowardsTheInflatedLimitAtItsRememberedSize() throws Exception {
        byte[] body = ReportCodec.encodeForSending(report(5));
        assertNotNull(GzipMembers.read(body, Limits.MAX_REPORT_BYTES, z -> new GzipMembers.Known("w2:x", 1000)));
        assertNull(GzipMembers.read(body, 1500, z -> new GzipMembers.Known("w2:x", 1000)),
                "over the limit with the remembered size: read the ordinary way, which refuses it");
    }

    @Test
    void truncatedOrTrailingBytesAreLeftToTheOrdinaryDecode() throws Exception {
        byte[] body = ReportCodec.encodeForSending(report(5));
        assertNull(GzipMembers.read(Arrays.copyOf(body, body.length - 3), Limits.MAX_REPORT_BYTES, z -> null));
        WireException e = assertThrows(WireException.class,
                () -> codec.decodeWithStored(Arrays.copyOf(body, body.length - 3), "gzip", x -> false));
        assertTrue(e.getMessage().contains("gzip"), e.getMessage());
    }

    /** The bytes of the marked member of an agent's body. */
    static byte[] listMember(byte[] body) {
        int at = markedAt(body);
        int len = (body[at + 16] & 0xff) | (body[at + 17] & 0xff) << 8 | (body[at + 18] & 0xff) << 16 | (body[at + 19] & 0xff) << 24;
        return Arrays.copyOfRange(body, at, at + len);
    }

    /** Where the marked member starts: the only header with FEXTRA set and an RL subfield. */
    static int markedAt(byte[] body) {
        for (int i = 0; i + 14 < body.length; i++) {
            if ((body[i] & 0xff) == 0x1f && (body[i + 1] & 0xff) == 0x8b && body[i + 2] == 8 && body[i + 3] == 4
                    && body[i + 12] == 'R' && body[i + 13] == 'L') {
                return i;
            }
        }
        throw new AssertionError("no marked member");
    }

    private static byte[] gzipMember(byte[] b) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out)) {
            gz.write(b);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
