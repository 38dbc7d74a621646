package io.rollcall.agent.probe.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.agent.os.windows.RegExportRegistry;
import io.rollcall.agent.probe.Fixtures;
import io.rollcall.common.report.MediaAction;
import io.rollcall.common.report.MediaDevice;
import io.rollcall.common.report.MediaEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowsMediaProbeTest {
    private final WindowsMediaProbe probe = new WindowsMediaProbe(
            RegExportRegistry.of(Fixtures.of("windows/usbstor.reg")));

    @Test
    void onlyTheStickArrivedAfterItsLastRemovalIsConnected() {
        List<MediaDevice> connected = probe.connected();
        assertEquals(1, connected.size(), connected.toString());
        MediaDevice kingston = connected.get(0);
        assertEquals("0951", kingston.vendorId());
        assertEquals("1666", kingston.productId());
        assertEquals("Kingston", kingston.vendor());
        assertEquals("E0D55EA57414F3B0A9420C5B", kingston.serial());
    }

    @Test
    void stickSeenYesterdayButNotNowIsInTheHistoryWithItsTimes() {
        List<MediaEvent> sandisk = probe.history().stream()
                .filter(e -> "4C530001230101118302".equals(e.device().serial())).toList();
        assertEquals(List.of(Instant.parse("2024-02-01T09:15:00Z"), Instant.parse("2024-03-10T13:02:10Z"),
                Instant.parse("2024-03-10T14:40:55Z")), sandisk.stream().map(MediaEvent::at).toList());
        assertEquals(List.of(MediaAction.CONNECTED, MediaAction.CONNECTED, MediaAction.DISCONNECTED),
                sandisk.stream().map(MediaEvent::action).toList());
        assertEquals("0781", sandisk.get(0).device().vendorId());
        assertTrue(probe.connected().stream().noneMatch(d -> "4C530001230101118302".equals(d.serial())));
    }

    @Test
    void deviceWithoutSerialHasNoneAndNoRecordedTimesGiveNoEvents() {
        assertNull(WindowsMediaProbe.serial("7&2a7c9b2d&0&000000264001&0"));
        assertTrue(probe.history().stream().noneMatch(e -> "STORAGE DEVICE".equals(e.device().product())
                || e.device().product().startsWith("Generic")));
        assertEquals(6, probe.history().size());
    }
}
