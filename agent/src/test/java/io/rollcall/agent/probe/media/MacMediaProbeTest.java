package io.rollcall.agent.probe.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.rollcall.agent.os.CommandResult;
import io.rollcall.agent.os.CommandRunner;
import io.rollcall.agent.probe.Fixtures;
import io.rollcall.common.report.MediaDevice;
import io.rollcall.common.report.MediaKind;
import io.rollcall.common.report.Tri;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** diskutil's plist output from fixtures; diskutil itself is mocked at the process boundary. */
class MacMediaProbeTest {
    private final CommandRunner commands = mock(CommandRunner.class);

    private void diskutil(List<String> args, String fixture) throws Exception {
        List<String> out = Files.readAllLines(Fixtures.of("macos/plist/" + fixture));
        when(commands.run(eq(args), any(Duration.class))).thenReturn(new CommandResult(0, out, null));
    }

    @Test
    void aUsbStickPluggedInIsListedWithItsNameSizeAndUnencryptedFatVolume() throws Exception {
        diskutil(List.of("/usr/sbin/diskutil", "list", "-plist", "external", "physical"),
                "diskutil-list-external-physical.plist");
        diskutil(List.of("/usr/sbin/diskutil", "info", "-plist", "disk4"), "diskutil-info-disk4.plist");
        diskutil(List.of("/usr/sbin/diskutil", "info", "-plist", "disk4s1"), "diskutil-info-disk4s1.plist");
        List<MediaDevice> media = new MacMediaProbe(commands).connected();
        assertEquals(List.of(new MediaDevice(MediaKind.USB_STORAGE, null, null, null, "SanDisk 3.2Gen1", null,
                30752636928L, "msdos", Tri.NO)), media);
    }

    @Test
    void nothingPluggedInIsAnEmptyList() throws Exception {
        diskutil(List.of("/usr/sbin/diskutil", "list", "-plist", "external", "physical"),
                "diskutil-list-external-none.plist");
        assertEquals(List.of(), new MacMediaProbe(commands).connected());
    }

    @Test
    void whenInfoFailsTheDiskIsStillListedFromTheListOutput() throws Exception {
        diskutil(List.of("/usr/sbin/diskutil", "list", "-plist", "external", "physical"),
                "diskutil-list-external-physical.plist");
        for (String disk : List.of("disk4", "disk4s1")) {
            when(commands.run(eq(List.of("/usr/sbin/diskutil", "info", "-plist", disk)), any(Duration.class)))
                    .thenReturn(CommandResult.failed("diskutil did not finish within 15000 ms"));
        }
        MediaDevice d = new MacMediaProbe(commands).connected().get(0);
        assertEquals(30752636928L, d.capacityBytes());
        assertEquals(Tri.UNKNOWN, d.encrypted());
    }

    @Test
    void diskutilMissingFailsWithTheReason() {
        when(commands.run(any(), any(Duration.class))).thenReturn(CommandResult.failed("could not start /usr/sbin/diskutil"));
        assertTrue(assertThrows(IllegalStateException.class, () -> new MacMediaProbe(commands).connected())
                .getMessage().contains("could not start"));
    }
}
