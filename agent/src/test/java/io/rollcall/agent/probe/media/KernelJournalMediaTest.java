package io.rollcall.agent.probe.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.rollcall.agent.os.CommandResult;
import io.rollcall.agent.os.CommandRunner;
import io.rollcall.agent.os.FileSource;
import io.rollcall.agent.probe.Fixtures;
import io.rollcall.common.report.MediaAction;
import io.rollcall.common.report.MediaDevice;
import io.rollcall.common.report.MediaEvent;
import io.rollcall.common.report.MediaKind;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** The kernel journal's record of USB sticks, from a fixture in journalctl's JSON format; journalctl is mocked. */
class KernelJournalMediaTest {
    private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");

    private static List<String> journal() {
        return Fixtures.lines("media/journal-kernel-usb.jsonl").stream().filter(l -> !l.startsWith("#")).toList();
    }

    @Test
    void aStickSeenYesterdayAndRemovedAndADiskStillAttachedBecomeEventsKeyboardsDoNot() {
        KernelJournalMedia.Parsed p = KernelJournalMedia.parse(journal());
        assertEquals(0, p.unreadable());
        List<MediaEvent> e = p.events();
        assertEquals(3, e.size(), e.toString());

        MediaEvent in = e.get(0);
        assertEquals(MediaAction.CONNECTED, in.action());
        assertEquals(Instant.parse("2026-03-01T09:15:02.150Z"), in.at());
        MediaDevice stick = in.device();
        assertEquals(MediaKind.USB_STORAGE, stick.kind());
        assertEquals("0781", stick.vendorId());
        assertEquals("5581", stick.productId());
        assertEquals("SanDisk", stick.vendor());
        assertEquals("Ultra", stick.product());
        assertEquals("4C530001230101118342", stick.serial());
        assertEquals(60063744L * 512, stick.capacityBytes());

        assertEquals(new MediaEvent(Instant.parse("2026-03-01T09:58:40Z"), MediaAction.DISCONNECTED, stick), e.get(1));

        // next boot reuses SCSI host 2; UAS names no port, so the device announced last is the one
        MediaDevice t7 = e.get(2).device();
        assertEquals(MediaAction.CONNECTED, e.get(2).action());
        assertEquals("04e8", t7.vendorId());
        assertEquals("S6XFNS0W401234A", t7.serial());
        assertEquals(976773168L * 512, t7.capacityBytes());
        assertTrue(e.stream().noneMatch(x -> "046d".equals(x.device().vendorId())), "a mouse receiver is no medium");
    }

    @Test
    void brokenLinesAreCountedAndSkipped() {
        List<String> lines = new java.util.ArrayList<>(journal());
        lines.add(3, "{\"__REALTIME_TIMESTAMP\":\"17721");
        lines.add(4, "{\"MESSAGE\":\"no timestamp\"}");
        KernelJournalMedia.Parsed p = KernelJournalMedia.parse(lines);
        assertEquals(2, p.unreadable());
        assertEquals(3, p.events().size());
    }

    private static LinuxMediaProbe probe(CommandRunner commands) {
        return new LinuxMediaProbe(FileSource.rootedAt(Path.of(System.getProperty("java.io.tmpdir"))), commands,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void historyAsksJournalctlForKernelMessagesOfAllBootsInTheWindow() {
        CommandRunner commands = mock(CommandRunner.class);
        when(commands.run(anyList(), anyMap(), any(Duration.class), anyLong())).thenReturn(new CommandResult(0, journal(), null));
        assertEquals(3, probe(commands).history().size());
        @SuppressWarnings("unchecked")
        ArgumentCaptor<List<String>> cmd = ArgumentCaptor.forClass(List.class);
        verify(commands).run(cmd.capture(), anyMap(), any(Duration.class), anyLong());
        assertEquals("/usr/bin/journalctl", cmd.getValue().get(0), "never looked up in PATH");
        assertTrue(cmd.getValue().contains("_TRANSPORT=kernel"), "-k would mean this boot only");
        assertTrue(cmd.getValue().contains("@" + NOW.minus(LinuxMediaProbe.HISTORY_WINDOW).getEpochSecond()));
    }

    @Test
    void withoutJournalctlOrPermissionHistoryFailsWithTheReason() {
        CommandRunner missing = mock(CommandRunner.class);
        when(missing.run(anyList(), anyMap(), any(Duration.class), anyLong()))
                .thenReturn(CommandResult.failed("Cannot run program \"journalctl\": error=2, No such file or directory"));
        assertTrue(assertThrows(IllegalStateException.class, () -> probe(missing).history()).getMessage()
                .contains("No such file"));

        CommandRunner notAllowed = mock(CommandRunner.class);
        when(notAllowed.run(anyList(), anyMap(), any(Duration.class), anyLong())).thenReturn(new CommandResult(0, List.of(), null));
        assertTrue(assertThrows(IllegalStateException.class, () -> probe(notAllowed).history()).getMessage()
                .contains("systemd-journal group"));

        CommandRunner failing = mock(CommandRunner.class);
        when(failing.run(anyList(), anyMap(), any(Duration.class), anyLong())).thenReturn(new CommandResult(1, List.of(), null));
        assertTrue(assertThrows(IllegalStateException.class, () -> probe(failing).history()).getMessage()
                .contains("exited with 1"));
    }
}
