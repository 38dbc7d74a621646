package io.rollcall.agent.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.agent.os.CommandResult;
import io.rollcall.agent.os.CommandRunner;
import io.rollcall.agent.os.FileSource;
import io.rollcall.agent.probe.Fixtures;
import io.rollcall.agent.probe.ProbeSeams;
import io.rollcall.agent.probe.ScanOptions;
import io.rollcall.agent.probe.ScanResult;
import io.rollcall.agent.probe.SystemScanner;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A capture from a Mac, replayed here through the macOS probes as their factory builds them. The "Mac" is the macOS
 * command fixtures (dscl, fdesetup, socketfilterfw, spctl, sysadminctl) answering at the command-runner seam, and an
 * empty file system.
 */
class MacCaptureReplayTest {
    private static final ScanOptions OPTIONS = new ScanOptions("salt-for-mac", null);
    /** A word in the command line → the recorded output that answers it. */
    private static final Map<String, String> OUTPUTS = new LinkedHashMap<>();

    static {
        OUTPUTS.put("UniqueID", "macos/dscl-uniqueid.txt");
        OUTPUTS.put("IsHidden", "macos/dscl-ishidden.txt");
        OUTPUTS.put("NFSHomeDirectory", "macos/dscl-home.txt");
        OUTPUTS.put("/Groups/admin", "macos/dscl-read-admin-nested.txt");
        OUTPUTS.put("checkmembership", "macos/dsmemberutil-not-member.txt");
        OUTPUTS.put("/usr/bin/fdesetup", "macos/fdesetup-on.txt");
        OUTPUTS.put("socketfilterfw", "macos/socketfilterfw-on.txt");
        OUTPUTS.put("/usr/sbin/spctl", "macos/spctl-on.txt");
        OUTPUTS.put("/usr/sbin/sysadminctl", "macos/sysadminctl-screenlock-delay5.txt");
    }

    @TempDir
    static Path tmp;
    static ScanResult live;
    static List<SourceRecord> records;

    static ProbeSeams mac(Path emptyRoot) {
        CommandRunner commands = (command, env, timeout) -> {
            for (var e : OUTPUTS.entrySet()) {
                if (command.contains(e.getKey())) {
                    return new CommandResult(0, lines(e.getValue()).stream()
                            .filter(l -> !l.startsWith("#")).toList(), null);
                }
            }
            return CommandResult.failed(command.get(0) + " is not on this Mac");
        };
        FileSource files = FileSource.rootedAt(emptyRoot);
        return new ProbeSeams() {
            @Override
            public CommandRunner commands(String probe, CommandRunner real) {
                return commands;
            }

            @Override
            public FileSource files(String probe, FileSource real) {
                return files;
            }
        };
    }

    @BeforeAll
    static void captureTheMac() throws Exception {
        Recorder recorder = new Recorder(mac(java.nio.file.Files.createDirectories(tmp.resolve("root"))),
                System::nanoTime);
        live = SystemScanner.forSystem("macos", OPTIONS, null, recorder).scan();
        records = recorder.records();
    }

    @Test
    void theMacProbesRunTheirCommandsThroughTheRecorders() {
        assertTrue(records.stream().anyMatch(r -> r.probe().equals("accounts") && r.args().contains("UniqueID")));
        assertTrue(records.stream().anyMatch(r -> r.probe().equals("security")
                && r.args().get(0).equals("/usr/bin/fdesetup")));
        assertFalse(live.sections().accounts().users().isEmpty());
    }

    @Test
    void replayedSourcesGiveTheSameMacSections() {
        ScanResult replayed = SystemScanner.forSystem("macos", OPTIONS, null, new Replay(records)).scan();
        assertEquals(live.sections().accounts(), replayed.sections().accounts());
        assertEquals(live.sections().screenLock(), replayed.sections().screenLock());
        assertEquals(live.sections().security(), replayed.sections().security());
        assertEquals(live.sections().software(), replayed.sections().software());
    }

    @Test
    void aRedactedMacCaptureHasNoAccountNameFromDscl() throws Exception {
        Capture.Written w = Capture.write(tmp.resolve("mac.zip"), records, live, "test", "macos", Instant.EPOCH);
        String all = String.join("\n", CaptureTest.unzip(w.file()).values());
        for (String line : lines("macos/dscl-uniqueid.txt")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 2 && !f[0].startsWith("_") && !line.startsWith("#") && Integer.parseInt(f[1]) >= 500) {
                assertFalse(all.toLowerCase().contains(f[0].toLowerCase()), f[0]);
            }
        }
        ScanResult replayed = SystemScanner.forSystem("macos", OPTIONS, null, new Replay(Capture.read(w.file())))
                .scan();
        assertEquals(live.sections().security(), replayed.sections().security());
        assertEquals(live.sections().accounts().users().size(), replayed.sections().accounts().users().size());
    }

    private static List<String> lines(String fixture) {
        try {
            return java.nio.file.Files.readAllLines(Fixtures.of(fixture));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
