package io.rollcall.bench;

import io.rollcall.common.id.TimeOrderedUuid;
import io.rollcall.common.report.MediaAction;
import io.rollcall.common.report.MediaEvent;
import io.rollcall.common.report.RemovableMedia;
import io.rollcall.common.report.Report;
import io.rollcall.common.report.ReportKind;
import io.rollcall.common.report.ScreenLockSection;
import io.rollcall.common.report.ScreenLockSetting;
import io.rollcall.common.report.Sections;
import io.rollcall.common.report.SoftwareItem;
import io.rollcall.common.sample.SampleReports;
import io.rollcall.common.wire.GzipMembers;
import io.rollcall.common.wire.ReportCodec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * The report bodies the load generator sends, built so that its own CPU stays out of the way.
 *
 * <p>A full report's JSON is built and deflated once per template with its deviceId and reportId moved to the end
 * of the object; per send only the short tail {@code ,"deviceId":"…","reportId":"…"}} is deflated and appended after
 * a full flush, and the gzip trailer CRC is extended over the tail. The result is an ordinary, valid gzip body in the
 * agent's layout of three members ({@link GzipMembers}: the software list in a marked member of its own) whose size is
 * within a few hundred bytes of {@link ReportCodec#toGzipJson} on the same report. Devices {@code i} and
 * {@code i + templates} share a template (software list, host facts), so 100,000 devices need not hold 100,000
 * pre-deflated reports.
 *
 * <p>Each template has two variants of its software list (B = A with one package upgraded): sending the other
 * variant than last time is a changed full report.
 */
final class ReportBodies {
    private static final String DEVICE_PLACEHOLDER = "00000000-0000-0000-0000-0000000dec1d";
    private static final String REPORT_PLACEHOLDER = "00000000-0000-0000-0000-00000000beef";

    /** A template's pre-deflated report: its first two members, then the third's header + deflate(rest, FULL_FLUSH), plus CRC/length of the rest. */
    record Variant(byte[] head, long prefixCrc, long prefixLen) {
    }

    private ReportBodies() {
    }

    /** {@code count} templates of {@code packages} packages, each as {variant A, variant B}, built on every core. */
    static Variant[][] templates(int count, int packages, Instant now) throws InterruptedException {
        Variant[][] out = new Variant[count][];
        AtomicInteger next = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < Runtime.getRuntime().availableProcessors(); t++) {
            Thread th = new Thread(() -> {
                for (int i; (i = next.getAndIncrement()) < count; ) {
                    Report full = SampleReports.full(UUID.fromString(DEVICE_PLACEHOLDER), 1000 + i, packages, now);
                    // install dates counted from the start of the day, not this second: two runs on one day send
                    // byte-identical software lists, as a laptop does between two full reports with nothing
                    // installed, so a later run's "unchanged" reports are unchanged from the first run's too
                    Report a = new Report(full.schema(), full.reportId(), full.deviceId(), full.agentVersion(),
                            full.collectedAt(), full.kind(), full.sections().withSoftware(SampleReports.software(
                                    1000 + i, packages, now.truncatedTo(java.time.temporal.ChronoUnit.DAYS))),
                            full.diagnostics());
                    out[i] = new Variant[] {variant(a), variant(withChangedPackage(a, i))};
                }
            });
            th.start();
            threads.add(th);
        }
        for (Thread th : threads) {
            th.join();
        }
        return out;
    }

    /** The same report with one package upgraded: a small change in the software section. */
    static Report withChangedPackage(Report r, int salt) {
        List<SoftwareItem> sw = new ArrayList<>(r.sections().software());
        int k = Math.floorMod(salt * 31, sw.size());
        SoftwareItem s = sw.get(k);
        sw.set(k, new SoftwareItem(s.name(), s.version() + ".1", s.publisher(), s.installedAt(), s.source(), s.location()));
        Sections sec = r.sections().withSoftware(sw);
        return new Report(r.schema(), r.reportId(), r.deviceId(), r.agentVersion(), r.collectedAt(), r.kind(), sec, r.diagnostics());
    }

    /** JSON of {@code r} with its deviceId and reportId removed and the closing brace cut off. */
    static byte[] prefixJson(Report r) {
        Report p = new Report(r.schema(), UUID.fromString(REPORT_PLACEHOLDER), UUID.fromString(DEVICE_PLACEHOLDER),
                r.agentVersion(), r.collectedAt(), r.kind(), r.sections(), r.diagnostics());
        String json = new String(ReportCodec.toJson(p), StandardCharsets.UTF_8);
        for (String field : List.of("\"reportId\":\"" + REPORT_PLACEHOLDER + "\",",
                "\"deviceId\":\"" + DEVICE_PLACEHOLDER + "\",")) {
            int at = json.indexOf(field);
            if (at < 0) {
                throw new IllegalStateException("unexpected report JSON shape: no " + field);
            }
            json = json.substring(0, at) + json.substring(at + field.length());
        }
        if (!json.endsWith("}") || json.contains(DEVICE_PLACEHOLDER)) {
            throw new IllegalStateException("unexpected report JSON shape");
        }
        return json.substring(0, json.length() - 1).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The agent's layout ({@link GzipMembers}): the JSON before the software list, the list in a marked member of its
     * own (deflated once per template, as an agent's unchanged list is the same bytes each time), then a member
     * holding the rest, deflated up to a full flush so that each send appends its ids and the trailer.
     */
    static Variant variant(Report r) {
        byte[] prefix = prefixJson(r);
        int key = indexOf(prefix, "\"software\":".getBytes(StandardCharsets.US_ASCII));
        int start = key + "\"software\":".length();
        int end = key < 0 ? -1 : GzipMembers.valueEnd(prefix, start);
        if (end < 0) {
            throw new IllegalStateException("unexpected report JSON shape: no software list");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(prefix.length / 8);
        out.writeBytes(GzipMembers.member(prefix, 0, start, Deflater.DEFAULT_COMPRESSION, false));
        out.writeBytes(GzipMembers.member(prefix, start, end - start, Deflater.DEFAULT_COMPRESSION, true));
        out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff});
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        d.setInput(prefix, end, prefix.length - end);
        byte[] buf = new byte[64 * 1024];
        // FULL_FLUSH: byte-aligned, and nothing after it refers back into the rest.
        for (int n; (n = d.deflate(buf, 0, buf.length, Deflater.FULL_FLUSH)) > 0; ) {
            out.write(buf, 0, n);
            if (n < buf.length) {
                break;
            }
        }
        d.end();
        CRC32 crc = new CRC32();
        crc.update(prefix, end, prefix.length - end);
        return new Variant(out.toByteArray(), crc.getValue(), prefix.length - end);
    }

    private static int indexOf(byte[] b, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= b.length; i++) {
            for (int k = 0; k < what.length; k++) {
                if (b[i + k] != what[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static final int[] CRC_TABLE = new int[256];

    static {
        for (int n = 0; n < 256; n++) {
            int c = n;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
            }
            CRC_TABLE[n] = c;
        }
    }

    /** zlib's crc32(crc, buf): continue a finished CRC-32 over more bytes. */
    static long crcContinue(long crc, byte[] b) {
        int c = ~(int) crc;
        for (byte x : b) {
            c = CRC_TABLE[(c ^ x) & 0xff] ^ (c >>> 8);
        }
        return (~c) & 0xffffffffL;
    }

    private static final ThreadLocal<Deflater> TAIL_DEFLATER = ThreadLocal.withInitial(() -> new Deflater(Deflater.DEFAULT_COMPRESSION, true));

    /** A complete gzip body: the template's pre-deflated prefix + this device's id and a reportId + trailer. */
    static byte[] body(Variant v, String deviceId, UUID reportId) {
        byte[] tail = (",\"deviceId\":\"" + deviceId + "\",\"reportId\":\"" + reportId + "\"}")
                .getBytes(StandardCharsets.US_ASCII);
        Deflater d = TAIL_DEFLATER.get();
        d.reset();
        d.setInput(tail);
        d.finish();
        byte[] buf = new byte[256];
        int n = d.deflate(buf);
        long crc = crcContinue(v.prefixCrc, tail);
        long len = v.prefixLen + tail.length;
        byte[] out = Arrays.copyOf(v.head, v.head.length + n + 8);
        System.arraycopy(buf, 0, out, v.head.length, n);
        int p = v.head.length + n;
        for (int k = 0; k < 4; k++) {
            out[p + k] = (byte) (crc >>> (8 * k));
            out[p + 4 + k] = (byte) (len >>> (8 * k));
        }
        return out;
    }

    /** A heartbeat: no sections. */
    static byte[] heartbeat(UUID deviceId, Instant now) {
        return ReportCodec.toGzipJson(SampleReports.heartbeat(deviceId, now));
    }

    /**
     * A delta as an agent sends one when something small changed: the screen-lock section (idle time alternating
     * between 5 and 10 minutes, so each delta is a change) and a USB stick connected a minute ago.
     */
    static byte[] delta(UUID deviceId, long nth, Instant now) {
        Report full = SampleReports.full(deviceId, 1, 1, now);
        int idle = nth % 2 == 0 ? 600 : 300;
        ScreenLockSection lock = full.sections().screenLock();
        List<ScreenLockSetting> perAccount = lock.perAccount().stream().map(a -> withIdle(a, idle)).toList();
        var changed = new ScreenLockSection(perAccount, withIdle(lock.effective(), idle));
        RemovableMedia media = full.sections().removableMedia();
        var stick = media.connected().get(0);
        Sections s = Sections.EMPTY.withScreenLock(changed).withRemovableMedia(new RemovableMedia(List.of(stick),
                List.of(new MediaEvent(now.minusSeconds(60), MediaAction.CONNECTED, stick))));
        return ReportCodec.toGzipJson(new Report(Report.SCHEMA_VERSION, TimeOrderedUuid.next(), deviceId, "0.1.0", now,
                ReportKind.DELTA, s, null));
    }

    private static ScreenLockSetting withIdle(ScreenLockSetting v, int idle) {
        return new ScreenLockSetting(v.account(), v.lockEnabled(), idle, v.passwordRequired(), v.graceSeconds(),
                v.source(), v.reason());
    }
}
