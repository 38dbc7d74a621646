package io.rollcall.agent.probe;

import static org.junit.jupiter.api.Assertions.fail;

import io.rollcall.common.report.Report;
import io.rollcall.common.report.ReportKind;
import io.rollcall.common.report.Sections;
import io.rollcall.common.wire.ReportValidator;
import io.rollcall.common.wire.WireException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * For the agent's fuzz tests: what a probe made of a file must still be a report the collector accepts. A value a
 * person on the laptop can write (their own desktop settings, say) that puts a section outside the wire contract
 * would get the whole report refused, and the laptop would stop reporting.
 */
public final class WireContract {
    private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");
    private static final ReportValidator VALIDATOR = new ReportValidator(Clock.fixed(NOW, ZoneOffset.UTC));
    private static final UUID DEVICE = UUID.fromString("6f1c2a9e-3d4b-4c8a-9e21-7b5d0f3a1c44");

    private WireContract() {
    }

    /** Fails the fuzz test, naming the field, when a delta report carrying {@code sections} would be refused. */
    public static void assertAccepted(Sections sections) {
        Report r = new Report(Report.SCHEMA_VERSION, UUID.nameUUIDFromBytes(new byte[0]), DEVICE, "0.1.0", NOW,
                ReportKind.DELTA, sections, null);
        try {
            VALIDATOR.validate(r);
        } catch (WireException e) {
            fail("the collector would refuse this report: " + e.detail());
        }
    }
}
