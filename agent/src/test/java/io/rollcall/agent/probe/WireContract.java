package io.rollcall.agent.probe;

import static org.junit.jupiter.api.Assertions.fail;

import io.rollcall.agent.schedule.ReportFactory;
import io.rollcall.agent.state.DropCounters;
import io.rollcall.common.report.HardwareInfo;
import io.rollcall.common.report.OsInfo;
import io.rollcall.common.report.ReportKind;
import io.rollcall.common.report.Sections;
import io.rollcall.common.wire.ReportValidator;
import io.rollcall.common.wire.WireException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * For the agent's fuzz tests: what a probe made of a file must still be a report the collector accepts. A value a
 * person on the laptop can write (their own desktop settings, say) that puts a section outside the wire contract
 * would get the whole report refused, and the laptop would stop reporting. The report is built as the agent builds
 * it ({@link ReportFactory}, a full report) and checked with the collector's {@link ReportValidator}.
 */
public final class WireContract {
    private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");
    private static final ReportValidator VALIDATOR = new ReportValidator(Clock.fixed(NOW, ZoneOffset.UTC));
    private static final ReportFactory FACTORY = new ReportFactory(
            UUID.fromString("6f1c2a9e-3d4b-4c8a-9e21-7b5d0f3a1c44"));
    private static final OsInfo OS = new OsInfo("windows", "Windows 11 Education", "23H2", "22631", "x86_64", "lab-07");
    private static final HardwareInfo HARDWARE = new HardwareInfo("4c4c4544-0042-3510-8052-b4c04f4b4d32", "smbios",
            "PF3ABC12", "LENOVO", "20XW004GUK", 16L << 30, "Intel(R) Core(TM) i5-1135G7");

    private WireContract() {
    }

    /** Fails the fuzz test, naming the field, when the full report the agent builds from {@code sections} is refused. */
    public static void assertAccepted(Sections sections) {
        Sections s = sections.withOs(sections.os() != null ? sections.os() : OS)
                .withHardware(sections.hardware() != null ? sections.hardware() : HARDWARE);
        ReportFactory.Built built = FACTORY.build(ReportKind.FULL, NOW, new ScanResult(s, List.of()), List.of(), null,
                Map.of(), 0, new DropCounters(0, 0, 0));
        try {
            VALIDATOR.validate(built.report());
        } catch (WireException e) {
            fail("the collector would refuse this report: " + e.detail());
        }
    }
}
