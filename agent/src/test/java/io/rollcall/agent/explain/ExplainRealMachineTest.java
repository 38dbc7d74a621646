package io.rollcall.agent.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.agent.probe.ProbeSeams;
import io.rollcall.agent.probe.ScanOptions;
import io.rollcall.agent.probe.ScanResult;
import io.rollcall.agent.probe.SystemScanner;
import io.rollcall.common.report.ScreenLockSetting;
import io.rollcall.common.wire.WireJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code explain} on this Linux machine: the real probes read the real files (plus one pupil's account and KDE
 * settings from {@link TestHome}), and each probe's list of sources and its verdict are checked against the files
 * and the scan.
 */
class ExplainRealMachineTest {
    @TempDir
    static Path root;
    static List<SourceRecord> records;
    static ScanResult scan;
    static Explanation explanation;
    static String text;

    @BeforeAll
    static void explainOnce() throws Exception {
        Recorder recorder = new Recorder(TestHome.seams(root), System::nanoTime);
        scan = SystemScanner.create(new ScanOptions("salt-for-explain", null), null, recorder).scan();
        records = recorder.records();
        explanation = Explanation.of(records, scan);
        text = explanation.toText();
    }

    private static Optional<SourceRecord> read(String probe, String op, String path) {
        return explanation.probe(probe).sources().stream()
                .filter(r -> r.op().equals(op) && !r.args().isEmpty() && r.args().get(0).equals(path)).findFirst();
    }

    @Test
    void accountsProbeListsPasswdShadowAndGroupWithWhatTheyHeld() throws Exception {
        SourceRecord passwd = read("accounts", "readLines", "/etc/passwd").orElseThrow();
        List<String> real = Files.readAllLines(Path.of("/etc/passwd"));
        List<String> recorded = Codec.strings(passwd.result().path("lines"));
        assertEquals(real, recorded.subList(0, real.size()), "the record is exactly what the probe read");
        assertTrue(read("accounts", "readLines", "/etc/shadow").isPresent());
        assertTrue(read("accounts", "readLines", "/etc/group").isPresent());
        assertTrue(text.contains(". file readLines /etc/passwd → " + recorded.size() + " lines"), text);
    }

    @Test
    void softwareProbeListsTheDpkgDatabaseItParsed() throws Exception {
        assertTrue(Files.exists(Path.of("/var/lib/dpkg/status")), "this test machine is a Debian system");
        SourceRecord status = read("software", "readLines", "/var/lib/dpkg/status").orElseThrow();
        assertEquals(Files.readAllLines(Path.of("/var/lib/dpkg/status")).size(), status.result().path("lines").size());
        int titles = scan.sections().software().size();
        assertTrue(text.contains(titles + " titles {dpkg="), text);
    }

    @Test
    void screenLockProbeListsTheDesktopChecksAndThePupilsFileThenOneVerdictPerAccount() {
        Explanation.Probe lock = explanation.probe("screenLock");
        assertTrue(read("screenLock", "exists", "/usr/bin/gnome-shell").isPresent());
        SourceRecord kde = lock.sources().stream().filter(r -> r.op().equals("readUntrusted")
                && r.args().get(0).equals(TestHome.HOME)).findFirst().orElseThrow();
        assertEquals(".config/kscreenlockerrc", kde.args().get(1));
        assertTrue(kde.result().path("text").asText().contains("Timeout=12"));
        assertFalse(scan.sections().screenLock().perAccount().isEmpty());
        for (ScreenLockSetting s : scan.sections().screenLock().perAccount()) {
            String line = text.lines().filter(l -> l.startsWith("  account " + s.account() + ": ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no verdict line for " + s.account() + "\n" + text));
            if (s.reason() != null) {
                assertTrue(line.endsWith("— " + s.reason()), line);
            }
        }
        assertTrue(text.contains("lock yes after 720 s"), "KDE Timeout=12 (minutes) is the pupil's 720 s\n" + text);
        assertTrue(text.contains("effective (the worst, what the rules use): "), text);
    }

    @Test
    void securityProbeListsMountsAndGivesTheReasonBehindEveryValue() {
        assertTrue(read("security", "readLines", "/proc/mounts").isPresent());
        var reasons = scan.sections().security().reasons();
        assertFalse(reasons.isEmpty(), "an unknown or a 'no' on this VM comes with its reason");
        reasons.forEach((key, why) -> assertTrue(text.contains("  why " + key + ": " + why), key + "\n" + text));
    }

    @Test
    void eachVerdictIsTheSectionTheScanProduced() {
        JsonNode sections = WireJson.mapper().valueToTree(scan.sections());
        for (String probe : List.of("os", "software", "accounts", "screenLock", "security")) {
            assertNotNull(explanation.probe(probe).section(), probe);
            assertEquals(sections.get(probe), explanation.probe(probe).section(), probe);
        }
    }

    @Test
    void jsonListsEverySourceInOrderWhereTheTextShortensLongRuns() {
        JsonNode json = explanation.toJson();
        int listed = 0;
        int last = 0;
        for (JsonNode p : json.path("probes")) {
            for (JsonNode s : p.path("sources")) {
                assertTrue(s.path("seq").asInt() > last, "in order");
                last = s.path("seq").asInt();
                assertFalse(s.path("found").asText().isEmpty());
                listed++;
            }
        }
        assertEquals(records.size(), listed);
        assertTrue(text.contains("more file lastModified reads like these"), "dpkg's *.list times are shortened");
        assertTrue(text.lines().count() < records.size(), "the text is shorter than the list");
    }

    @Test
    void excerptsNeverShowAPasswordHash() {
        SourceRecord shadow = read("accounts", "readLines", "/etc/shadow").orElseThrow();
        assertTrue(shadow.result().toString().contains(TestHome.PASSWORD_HASH), "recorded as read");
        assertFalse(text.contains("Qm8rSalt"), "explain prints no hash");
        assertFalse(explanation.toJson().toString().contains("Qm8rSalt"));
    }

    @Test
    void explainOnTheRealSeamsNeedsNoTestHome() {
        Recorder recorder = new Recorder(ProbeSeams.REAL, System::nanoTime);
        ScanResult real = SystemScanner.create(new ScanOptions("salt", null), null, recorder).scan();
        Explanation e = Explanation.of(recorder.records(), real);
        assertTrue(e.probe("accounts").sources().stream().anyMatch(r -> r.args().contains("/etc/passwd")));
        assertEquals(Explanation.ORDER, e.probes().stream().map(Explanation.Probe::name).toList());
    }
}
