package io.rollcall.agent.probe.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.rollcall.agent.os.CommandResult;
import io.rollcall.agent.os.CommandRunner;
import io.rollcall.agent.probe.Fixtures;
import io.rollcall.agent.schedule.MediaPoller;
import io.rollcall.agent.state.PendingEvents;
import io.rollcall.common.report.MediaAction;
import io.rollcall.common.report.MediaEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The school case "a USB stick seen yesterday but not now" on macOS. macOS keeps no plug history the agent can read
 * cheaply (no USBSTOR, no kernel journal; the unified log is slow to query and purged within days), so the history is
 * what the agent's own poller records from {@link MacMediaProbe}: the stick, with its ioreg serial, connected
 * yesterday and disconnected yesterday, and absent from what is connected today.
 */
class MacStickSeenYesterdayTest {
    private static final List<String> LIST = List.of("/usr/sbin/diskutil", "list", "-plist", "external", "physical");
    private static final List<String> IOREG = List.of("/usr/sbin/ioreg", "-a", "-r", "-c", "IOUSBHostDevice", "-l");

    @TempDir
    Path dir;

    private final CommandRunner commands = mock(CommandRunner.class);
    private Instant now = Instant.parse("2024-03-11T08:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    private void answer(List<String> args, String fixture) throws Exception {
        when(commands.run(eq(args), any(Duration.class)))
                .thenReturn(new CommandResult(0, Files.readAllLines(Fixtures.of("macos/plist/" + fixture)), null));
    }

    private void stickIn(boolean in) throws Exception {
        answer(LIST, in ? "diskutil-list-external-physical.plist" : "diskutil-list-external-none.plist");
    }

    @Test
    void aStickPluggedInYesterdayIsInTheHistoryWithItsSerialButNotConnectedToday() throws Exception {
        answer(List.of("/usr/sbin/diskutil", "info", "-plist", "disk4"), "diskutil-info-disk4.plist");
        answer(List.of("/usr/sbin/diskutil", "info", "-plist", "disk4s1"), "diskutil-info-disk4s1.plist");
        answer(IOREG, "ioreg-usb-host-devices.plist");
        MacMediaProbe probe = new MacMediaProbe(commands);
        PendingEvents events = new PendingEvents(dir.resolve("events.jsonl"));
        MediaPoller poller = new MediaPoller(probe, events, clock);

        stickIn(false);
        poller.poll();
        now = Instant.parse("2024-03-11T10:15:00Z");
        stickIn(true);
        poller.poll();
        now = Instant.parse("2024-03-11T11:40:00Z");
        stickIn(false);
        poller.poll();
        now = Instant.parse("2024-03-12T09:00:00Z");
        poller.poll();

        List<MediaEvent> history = events.peek();
        assertEquals(List.of(MediaAction.CONNECTED, MediaAction.DISCONNECTED),
                history.stream().map(MediaEvent::action).toList());
        assertEquals(List.of(Instant.parse("2024-03-11T10:15:00Z"), Instant.parse("2024-03-11T11:40:00Z")),
                history.stream().map(MediaEvent::at).toList());
        assertEquals("0781:5581:4C530001230817114103", history.get(0).device().identityKey());
        assertEquals(List.of(), probe.connected());
    }
}
