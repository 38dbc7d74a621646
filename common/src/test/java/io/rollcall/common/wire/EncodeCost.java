package io.rollcall.common.wire;

import io.rollcall.common.enroll.ReportAck;
import io.rollcall.common.report.Report;
import io.rollcall.common.sample.SampleReports;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/**
 * A tool, not a test: encodes one 873-package report in a fresh JVM so that class loading and CPU of
 * each way of writing it can be compared (BENCHMARKS.md, "Report size on the wire"). Argument: {@code none}
 * (build the report only), {@code databind} (the same JSON through {@code WireJson.tableMapper()}), {@code streaming}
 * ({@code ReportCodec.encodeForSending}, i.e. {@link ReportWriter}),
 * and {@code ack+databind} / {@code ack+streaming}, which first read a {@code ReportAck} with databind, as a
 * process that also reads the collector's answer does.
 *
 * <pre>java -Xlog:class+load:file=classes.txt -cp agent/target/rollcall-agent.jar:common/target/test-classes \
 *     io.rollcall.common.wire.EncodeCost streaming</pre>
 */
public final class EncodeCost {
    private EncodeCost() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Report r = SampleReports.full(UUID.randomUUID(), 1, 873, Instant.parse("2026-11-21T10:00:00Z"));
        long t0 = System.nanoTime();
        if (mode.startsWith("ack+")) {
            byte[] ack = ("{\"reportId\":\"" + r.reportId() + "\",\"duplicate\":false}").getBytes(StandardCharsets.UTF_8);
            ReportCodec.read(ack, ReportAck.class);
        }
        long t1 = System.nanoTime();
        int bytes = switch (mode.replace("ack+", "")) {
            case "none" -> 0;
            case "databind" -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try (GZIPOutputStream gz = new GZIPOutputStream(out) {
                    {
                        def.setLevel(9);
                    }
                }) {
                    WireJson.tableMapper().writeValue(gz, r);
                }
                yield out.size();
            }
            case "streaming" -> ReportCodec.encodeForSending(r).length;
            default -> throw new IllegalArgumentException(mode);
        };
        long t2 = System.nanoTime();
        System.out.printf("%s: %d bytes, read ack %.1f ms, encode %.1f ms%n", mode, bytes, (t1 - t0) / 1e6, (t2 - t1) / 1e6);
    }
}
