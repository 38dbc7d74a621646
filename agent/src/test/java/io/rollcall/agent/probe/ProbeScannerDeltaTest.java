package io.rollcall.agent.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.agent.probe.accounts.AccountsProbe;
import io.rollcall.agent.probe.media.MediaProbe;
import io.rollcall.common.report.AccountsSection;
import io.rollcall.common.report.HardwareInfo;
import io.rollcall.common.report.MediaAction;
import io.rollcall.common.report.MediaDevice;
import io.rollcall.common.report.MediaEvent;
import io.rollcall.common.report.MediaKind;
import io.rollcall.common.report.OsInfo;
import io.rollcall.common.report.ScreenLockSection;
import io.rollcall.common.report.SecuritySection;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A delta's scan skips only the media history (which deltas never carry); every other section is the full scan's. */
class ProbeScannerDeltaTest {
    private final AtomicInteger historyReads = new AtomicInteger();
    private final MediaDevice stick = new MediaDevice(MediaKind.USB_STORAGE, "0781", "5581", "SanDisk", "Ultra",
            "4C530001", 32_000_000_000L, "vfat", null);
    private final MediaProbe media = new MediaProbe() {
        @Override
        public List<MediaDevice> connected() {
            return List.of(stick);
        }

        @Override
        public List<MediaEvent> history() {
            historyReads.incrementAndGet();
            return List.of(new MediaEvent(Instant.parse("2026-11-30T09:00:00Z"), MediaAction.CONNECTED, stick));
        }
    };
    private final ProbeScanner scanner = new ProbeScanner(
            () -> new OsInfo("linux", "Debian GNU/Linux", "12 (bookworm)", "6.1.0", "x86_64", "lab-07"),
            () -> new HardwareInfo("3d1219c7-c4c5-404a-aa1f-6d2a48adfda4", "machine-id", null, null, null, null, null),
            () -> new io.rollcall.agent.probe.software.SoftwareProbe.Inventory(List.of(), List.of()), media,
            () -> new AccountsProbe.Result(new AccountsSection(List.of(), null), List.of(), List.of()),
            users -> new ScreenLockSection(List.of(), null),
            () -> new SecuritySection(null, null, List.of(), null, null, null));

    @Test
    void aDeltaScanReadsNoHistoryAndKeepsEverythingElse() {
        ScanResult full = scanner.scan();
        assertEquals(1, historyReads.get());
        assertEquals(1, full.sections().removableMedia().events().size());

        ScanResult delta = scanner.scanForDelta();
        assertEquals(1, historyReads.get(), "the delta read the history");
        assertTrue(delta.sections().removableMedia().events().isEmpty());
        assertEquals(full.sections().removableMedia().connected(), delta.sections().removableMedia().connected());
        assertEquals(full.sections().withRemovableMedia(null), delta.sections().withRemovableMedia(null));
        assertEquals(full.errors(), delta.errors());
    }
}
