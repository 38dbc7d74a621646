package io.rollcall.common.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.rollcall.common.enroll.EnrollRequest;
import io.rollcall.common.report.Report;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Coverage-guided fuzzing of the collector's front door: every byte of a report or enrolment body is the sender's
 * to choose. The contract: {@link ReportCodec} returns a value or throws {@link WireException} with a message a
 * person can act on; any other exception, a hang or an out-of-memory is a finding. A build runs the inputs under
 * {@code src/test/resources/io/rollcall/common/wire/ReportCodecFuzzTestInputs/<method>/} (seeds and past findings);
 * {@code bench/fuzz.sh} fuzzes each method.
 */
class ReportCodecFuzzTest {
    /** The seeds' reports were collected at 2026-03-02T09:00Z; the collector's clock is a minute later. */
    private static final ReportCodec CODEC = new ReportCodec(
            Clock.fixed(Instant.parse("2026-03-02T09:01:00Z"), ZoneOffset.UTC));

    @FuzzTest
    void decodePlain(byte[] body) {
        Report r = decode(body, null);
        if (r != null) {
            // what the collector accepts it stores as JSON and reads back later: that must give the same report
            assertEquals(r, decode(ReportCodec.toJson(r), null), "a decoded report does not survive a round trip");
            // and what an agent would send for it (software as a table, written by ReportWriter) reads back the same
            assertEquals(r, decode(ReportCodec.encodeForSending(r), "gzip"), "a decoded report does not survive the agent's form");
        }
    }

    @FuzzTest
    void decodeGzip(byte[] body) {
        decode(body, "gzip");
    }

    /**
     * A codec that inflated one agent body's list member before, and is told every list is stored: whatever the body,
     * the member path returns what a whole decode of the same body returns (around the list it knows), or refuses it
     * with a clear error, never anything else.
     */
    @FuzzTest
    void decodeMembers(byte[] body) {
        ReportCodec.Decoded fast;
        try {
            fast = MEMBERS.decodeWithStored(body, "gzip", d -> true);
        } catch (WireException e) {
            refusedClearly(e);
            return;
        }
        ReportCodec.Decoded whole;
        try {
            whole = CODEC.decode(body, "gzip", (String) null);
        } catch (WireException e) {
            throw new AssertionError("the member path accepted a body a whole decode refuses: " + e.getMessage(), e);
        }
        assertEquals(whole.softwareDigest(), fast.softwareDigest(), "a different list than the body holds");
        assertEquals(whole.report().sections().withSoftware(null), fast.report().sections().withSoftware(null));
        assertEquals(whole.report().reportId(), fast.report().reportId());
    }

    /** The codec of {@link #decodeMembers}, primed with the seed's agent body (its list member remembered). */
    private static final ReportCodec MEMBERS = primed();

    private static ReportCodec primed() {
        ReportCodec c = new ReportCodec(Clock.fixed(Instant.parse("2026-03-02T09:01:00Z"), ZoneOffset.UTC));
        try {
            c.decodeWithStored(memberSeed(), "gzip", d -> false);
        } catch (WireException e) {
            throw new IllegalStateException("the member seed does not decode", e);
        }
        return c;
    }

    /** An agent's body (three members) of a sample report collected at the seeds' time. */
    static byte[] memberSeed() {
        java.util.UUID device = java.util.UUID.fromString("3f1c6a43-2f39-4c55-9a3a-0d4a3b9c8e11");
        Report r = io.rollcall.common.sample.SampleReports.full(device, 7, 40, Instant.parse("2026-03-02T09:00:00Z"));
        return ReportCodec.encodeForSending(r);
    }

    @FuzzTest
    void readEnrollRequest(byte[] body) {
        try {
            assertNotNull(ReportCodec.read(body, EnrollRequest.class));
        } catch (WireException e) {
            refusedClearly(e);
        }
    }

    private static Report decode(byte[] body, String encoding) {
        try {
            Report r = CODEC.decode(body, encoding);
            assertNotNull(r);
            return r;
        } catch (WireException e) {
            refusedClearly(e);
            return null;
        }
    }

    /** A refusal the collector can answer with a 4xx {@code {error, detail}}: a kind and a non-blank detail. */
    private static void refusedClearly(WireException e) {
        assertNotNull(e.problem(), "a refusal without a kind");
        assertNotNull(e.getMessage(), "a refusal without a message");
        assertFalse(e.detail().isBlank(), "a refusal with a blank detail");
    }
}
