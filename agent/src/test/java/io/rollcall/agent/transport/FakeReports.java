package io.rollcall.agent.transport;

import io.rollcall.agent.probe.ScanResult;
import io.rollcall.agent.probe.Scanner;
import io.rollcall.common.report.Diagnostics;
import io.rollcall.common.report.HardwareInfo;
import io.rollcall.common.report.MediaAction;
import io.rollcall.common.report.MediaDevice;
import io.rollcall.common.report.MediaEvent;
import io.rollcall.common.report.MediaKind;
import io.rollcall.common.report.OsInfo;
import io.rollcall.common.report.RemovableMedia;
import io.rollcall.common.report.Report;
import io.rollcall.common.report.ReportKind;
import io.rollcall.common.report.Sections;
import io.rollcall.common.report.Tri;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Small, valid test data shared by the runtime tests. */
public final class FakeReports {
    public static final UUID DEVICE = UUID.fromString("3f1c6a43-2f39-4c55-9a3a-0d4a3b9c8e11");
    public static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");

    private FakeReports() {
    }

    public static Sections sections(String osVersion) {
        return Sections.EMPTY
                .withOs(new OsInfo("linux", "Debian GNU/Linux", osVersion, "6.1.0-18-amd64", "x86_64", "lab-07"))
                .withHardware(new HardwareInfo("4c4c4544-0042-3510-8052-b4c04f4e3732", "smbios", "PF2ABCDE", "LENOVO",
                        "20XW004GUK", 16L << 30, "Intel Core i5"))
                .withRemovableMedia(new RemovableMedia(List.of(), List.of()));
    }

    public static MediaDevice stick(String serial) {
        return new MediaDevice(MediaKind.USB_STORAGE, "0781", "5583", "SanDisk", "Ultra Fit", serial, 32L << 30, "vfat",
                Tri.NO);
    }

    public static Report report(ReportKind kind, int mediaEvents) {
        List<MediaEvent> events = new ArrayList<>();
        for (int i = 0; i < mediaEvents; i++) {
            events.add(new MediaEvent(T0.plusSeconds(i), MediaAction.CONNECTED, stick("SN" + i)));
        }
        Sections s = kind == ReportKind.HEARTBEAT ? Sections.EMPTY
                : sections("12 (bookworm)").withRemovableMedia(new RemovableMedia(List.of(), events));
        return new Report(Report.SCHEMA_VERSION, UUID.randomUUID(), DEVICE, "dev", T0, kind, s,
                new Diagnostics(0, 0, 0, 0, List.of()));
    }

    /** A scanner whose result the test sets. */
    public static final class FakeScanner implements Scanner {
        public volatile ScanResult next = new ScanResult(sections("12 (bookworm)"), List.of());
        public int scans;

        @Override
        public ScanResult scan() {
            scans++;
            return next;
        }
    }
}
