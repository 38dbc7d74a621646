package io.rollcall.agent.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.agent.probe.ScanOptions;
import io.rollcall.agent.probe.ScanResult;
import io.rollcall.agent.probe.SystemScanner;
import io.rollcall.common.report.Account;
import io.rollcall.common.report.ScreenLockSetting;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What makes a capture a fixture: the recorded sources played back through the same seams give the real probes the
 * same readings as the live scan.
 */
class ReplayTest {
    private static final ScanOptions OPTIONS = new ScanOptions("salt-for-replay", null);
    @TempDir
    static Path tmp;
    static ScanResult live;
    static List<SourceRecord> records;

    @BeforeAll
    static void scanLive() throws Exception {
        Recorder recorder = new Recorder(TestHome.seams(tmp.resolve("root")), System::nanoTime);
        live = SystemScanner.create(OPTIONS, null, recorder).scan();
        records = recorder.records();
    }

    @Test
    void replayedSourcesGiveTheSameSectionsAsTheLiveScan() {
        Recorder again = new Recorder(new Replay(records), System::nanoTime);
        ScanResult replayed = SystemScanner.create(OPTIONS, null, again).scan();
        assertEquals(live.sections().os(), replayed.sections().os());
        assertEquals(live.sections().software(), replayed.sections().software());
        assertEquals(live.sections().accounts(), replayed.sections().accounts());
        assertEquals(live.sections().screenLock(), replayed.sections().screenLock());
        assertEquals(live.sections().security(), replayed.sections().security());
        assertEquals(live.sections().removableMedia(), replayed.sections().removableMedia());
        assertEquals(live.errors(), replayed.errors());
        assertEquals(records.size(), again.records().size(), "the replay answered the same questions");
    }

    @Test
    void aRedactedCaptureFileReplaysToTheSameReadingsUnderPlaceholders() throws Exception {
        Capture.Written w = Capture.write(tmp.resolve("c.zip"), records, live, "test", "linux", Instant.EPOCH);
        ScanResult replayed = SystemScanner.create(OPTIONS, null, new Replay(Capture.read(w.file()))).scan();
        assertEquals(live.sections().software(), replayed.sections().software());
        assertEquals(live.sections().security(), replayed.sections().security());
        List<Account> a = live.sections().accounts().users();
        List<Account> b = replayed.sections().accounts().users();
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).admin(), b.get(i).admin());
            assertEquals(a.get(i).passwordSet(), b.get(i).passwordSet());
            assertEquals(a.get(i).interactive(), b.get(i).interactive());
            assertEquals(a.get(i).disabled(), b.get(i).disabled());
        }
        List<ScreenLockSetting> x = live.sections().screenLock().perAccount();
        List<ScreenLockSetting> y = replayed.sections().screenLock().perAccount();
        assertEquals(x.size(), y.size());
        for (int i = 0; i < x.size(); i++) {
            assertNotEquals(x.get(i).account(), y.get(i).account(), "the pupil is now a placeholder");
            assertEquals(x.get(i).idleSeconds(), y.get(i).idleSeconds());
            assertEquals(x.get(i).lockEnabled(), y.get(i).lockEnabled());
            assertEquals(x.get(i).passwordRequired(), y.get(i).passwordRequired());
            assertEquals(x.get(i).graceSeconds(), y.get(i).graceSeconds());
            assertEquals(x.get(i).source(), y.get(i).source());
        }
        assertTrue(y.stream().anyMatch(s -> Integer.valueOf(720).equals(s.idleSeconds())), "the pupil's KDE file");
    }

    @Test
    void aReadTheCaptureDoesNotHoldAnswersAsMissing() throws Exception {
        Replay replay = new Replay(List.of());
        var files = replay.files("accounts", null);
        var e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> files.readLines("/etc/passwd"));
        assertTrue(e.getMessage().contains("not in the capture"));
        assertTrue(files.readUntrusted("/home/a", ".config/x", 10).isMissing());
        var r = replay.commands("security", null).run(List.of("/usr/sbin/nft", "list", "ruleset"),
                java.time.Duration.ofSeconds(1));
        assertEquals(-1, r.exitCode());
    }
}
