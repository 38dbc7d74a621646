package io.rollcall.installers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .msi as Windows Installer would read it, through msitools' {@code msiinfo}. The Windows runtime cannot be
 * linked on Linux, so the build script is given a stand-in runtime tree: what is checked is the package's
 * structure — service, properties, actions, files — not the runtime's contents.
 */
class MsiPackageTest {
    static final String URL = "https://collector.school.example:8443";
    static final String TOKEN = "rc_enroll_test-token-not-a-real-one-0123456789";
    static final String FINGERPRINT = "ab".repeat(32);

    @TempDir
    static Path tmp;
    static Path baked;
    static Path plain;

    @BeforeAll
    static void build() throws Exception {
        Tools.require("wixl", "wixl");
        Tools.require("msiinfo", "msitools");
        Tools.require("msibuild", "msitools");
        Path runtime = tmp.resolve("windows-runtime");
        for (String f : List.of("bin/java.exe", "bin/jli.dll", "bin/server/jvm.dll", "lib/modules", "conf/security/java.security")) {
            Files.createDirectories(runtime.resolve(f).getParent());
            Files.writeString(runtime.resolve(f), "stand-in for " + f);
        }
        baked = tmp.resolve("baked.msi");
        msi(runtime, baked, URL, TOKEN, FINGERPRINT);
        plain = tmp.resolve("plain.msi");
        msi(runtime, plain, "", "", "");
    }

    private static void msi(Path runtime, Path out, String url, String token, String fingerprint) throws Exception {
        List<String> cmd = List.of("bash", Tools.sources().resolve("build/msi.sh").toString(), "0.1.0-SNAPSHOT",
                System.getProperty("rollcall.agent.jar"), runtime.toString(),
                System.getProperty("rollcall.service.java.opts"), out.toString(), url, token, fingerprint,
                System.getProperty("rollcall.resident.java.opts"));
        Tools.run(cmd, Map.of(), null).requireSuccess(cmd);
    }

    /** One table as rows of column → value. */
    static List<Map<String, String>> table(Path msi, String name) throws Exception {
        String[] lines = Tools.ok("msiinfo", "export", msi.toString(), name).out().split("\r?\n");
        String[] cols = lines[0].split("\t", -1);
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 3; i < lines.length; i++) { // header, column types, table key
            String[] v = lines[i].split("\t", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < cols.length; c++) {
                row.put(cols[c], c < v.length ? v[c] : "");
            }
            rows.add(row);
        }
        return rows;
    }

    static Map<String, String> properties(Path msi) throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        for (Map<String, String> r : table(msi, "Property")) {
            p.put(r.get("Property"), r.get("Value"));
        }
        return p;
    }

    @Test
    void registersAnAutoStartingLocalSystemServiceThatRunsTheAgent() throws Exception {
        assertTrue(Tools.ok("msiinfo", "tables", baked.toString()).out().lines().toList()
                .containsAll(List.of("ServiceInstall", "ServiceControl", "CustomAction", "Property", "File")));
        List<Map<String, String>> services = table(baked, "ServiceInstall");
        assertEquals(1, services.size(), services.toString());
        Map<String, String> s = services.get(0);
        assertEquals("RollcallAgent", s.get("Name"));
        assertEquals("LocalSystem", s.get("StartName"));
        assertEquals("16", s.get("ServiceType"), "own process");
        assertEquals("2", s.get("StartType"), "automatic");
        assertEquals("ServiceHost", s.get("Component_"));
        // the resident (issue 13) with its own small flags; the worker JVMs it starts get the service flags
        assertTrue(s.get("Arguments").contains("-jar \"[LIBDIR]rollcall-agent.jar\" resident --state \"[STATEDIR].\""), s.get("Arguments"));
        // each with its class-data archive (MsiClassDataArchivesTest)
        assertTrue(s.get("Arguments").startsWith(System.getProperty("rollcall.resident.java.opts")
                + " -XX:SharedArchiveFile=[CACHEDIR]resident.jsa -jar"), s.get("Arguments"));
        assertTrue(s.get("Arguments").endsWith("--worker-java-opts \"" + System.getProperty("rollcall.service.java.opts")
                + " -XX:SharedArchiveFile=[CACHEDIR]agent.jsa\""), s.get("Arguments"));

        Map<String, String> control = table(baked, "ServiceControl").get(0);
        int event = Integer.parseInt(control.get("Event"));
        assertEquals(0x1, event & 0x1, "started on install");
        assertEquals(0x2 | 0x20, event & 0x22, "stopped on install and uninstall");
        assertEquals(0x80, event & 0x80, "deleted on uninstall");

        Map<String, String> javaExe = table(baked, "File").stream().filter(f -> f.get("File").equals("JavaExe")).findFirst()
                .orElseThrow();
        assertEquals("ServiceHost", javaExe.get("Component_"), "the service image is the bundled java.exe");
        assertTrue(table(baked, "Directory").stream().anyMatch(d -> d.get("Directory_Parent").equals("ProgramFiles64Folder")
                && d.get("DefaultDir").equals("Rollcall")));
    }

    @Test
    void acceptsPublicPropertiesWithTheBuildValuesAsDefaults() throws Exception {
        Map<String, String> p = properties(baked);
        assertEquals(URL, p.get("COLLECTOR_URL"));
        assertEquals(TOKEN, p.get("ENROLL_TOKEN"));
        assertEquals(FINGERPRINT, p.get("CA_FINGERPRINT"));
        for (String name : List.of("COLLECTOR_URL", "ENROLL_TOKEN", "CA_FINGERPRINT")) {
            assertTrue(List.of(p.get("SecureCustomProperties").split(";")).contains(name), p.toString());
        }
        assertTrue(List.of(p.get("MsiHiddenProperties").split(";")).contains("ENROLL_TOKEN"), p.toString());

        Map<String, String> none = properties(plain);
        assertFalse(none.containsKey("ENROLL_TOKEN") || none.containsKey("COLLECTOR_URL"), none.toString());
        assertTrue(none.get("SecureCustomProperties").contains("ENROLL_TOKEN"), none.toString());
    }

    @Test
    void enrolsAsSystemAfterFilesAndSetsRecoveryAndLocksTheStateDirectory() throws Exception {
        Map<String, Map<String, String>> actions = new LinkedHashMap<>();
        for (Map<String, String> a : table(baked, "CustomAction")) {
            actions.put(a.get("Action"), a);
        }
        Map<String, String> enrol = actions.get("Enrol");
        int type = Integer.parseInt(enrol.get("Type"));
        assertEquals(18, type & 0x3F, "runs an installed file");
        assertEquals("JavaExe", enrol.get("Source"));
        assertEquals(0x400 | 0x800, type & 0xC00, "deferred, not impersonated: runs as LocalSystem");
        // the token is read from the locked enroll.ini, never put on java.exe's command line
        assertTrue(enrol.get("Target").contains("enroll --config \"[STATEDIR]enroll.ini\" --state \"[STATEDIR].\""),
                enrol.toString());
        assertFalse(enrol.get("Target").contains("ENROLL_TOKEN") || enrol.get("Target").contains("--token"),
                enrol.toString());
        assertTrue(actions.get("ServiceRecovery").get("Target").contains("failure RollcallAgent"), actions.toString());
        assertTrue(actions.get("LockStateDir").get("Target").contains("/inheritance:r"), actions.toString());

        Map<String, Integer> seq = new LinkedHashMap<>();
        Map<String, String> conditions = new LinkedHashMap<>();
        for (Map<String, String> r : table(baked, "InstallExecuteSequence")) {
            seq.put(r.get("Action"), Integer.parseInt(r.get("Sequence")));
            conditions.put(r.get("Action"), r.get("Condition"));
        }
        assertTrue(seq.get("InstallFiles") < seq.get("Enrol") && seq.get("Enrol") < seq.get("StartServices"), seq.toString());
        assertTrue(seq.get("WriteIniValues") < seq.get("Enrol"), "enroll.ini is written before it is read: " + seq);
        assertTrue(seq.get("CreateFolders") < seq.get("LockStateDir") && seq.get("LockStateDir") < seq.get("InstallFiles"), seq.toString());
        assertTrue(seq.get("InstallServices") < seq.get("ServiceRecovery"), seq.toString());
        assertTrue(conditions.get("Enrol").contains("ENROLL_TOKEN") && conditions.get("Enrol").contains("NOT REMOVE"),
                conditions.toString());
    }

    @Test
    void leavesTheEnrolmentSettingsInTheLockedStateDirectoryForTheService() throws Exception {
        Map<String, Map<String, String>> ini = new LinkedHashMap<>();
        for (Map<String, String> r : table(plain, "IniFile")) {
            ini.put(r.get("Key"), r);
        }
        assertEquals(Map.of("collector.url", "[COLLECTOR_URL]", "enroll.token", "[ENROLL_TOKEN]",
                "ca.fingerprint", "[CA_FINGERPRINT]"), ini.values().stream().collect(java.util.stream.Collectors.toMap(
                        r -> r.get("Key"), r -> r.get("Value"))), "the values come from msiexec's public properties");
        for (Map<String, String> r : ini.values()) {
            // the file the agent's run/service reads (EnrolmentFile.FILE_NAME), in the directory the service is given
            assertEquals("enroll.ini", r.get("FileName"), r.toString());
            assertEquals("STATEDIR", r.get("DirProperty"), r.toString());
            assertEquals("StateDir", r.get("Component_"), r.toString());
            assertEquals("0", r.get("Action"), "add or replace the line: " + r);
        }
        assertEquals("enroll.ini", io.rollcall.agent.enroll.EnrolmentFile.FILE_NAME);
        Map<String, Integer> seq = new LinkedHashMap<>();
        Map<String, String> conditions = new LinkedHashMap<>();
        for (Map<String, String> r : table(plain, "InstallExecuteSequence")) {
            seq.put(r.get("Action"), Integer.parseInt(r.get("Sequence")));
            conditions.put(r.get("Action"), r.get("Condition"));
        }
        assertTrue(seq.get("LockStateDir") < seq.get("WriteIniValues"), "written after the ACL is locked: " + seq);
        assertTrue(seq.get("WriteIniValues") < seq.get("StartServices"), seq.toString());
        assertTrue(conditions.get("WriteIniValues").contains("ENROLL_TOKEN"), conditions.toString());
        assertTrue(seq.containsKey("RemoveIniValues"), seq.toString());
        assertTrue(table(baked, "ServiceInstall").get(0).get("Arguments").contains("--state \"[STATEDIR].\""),
                "the service reads the same directory");
    }

    @Test
    void theServiceArgumentsAreACommandLineThePackagedAgentAccepts() throws Exception {
        String args = table(baked, "ServiceInstall").get(0).get("Arguments");
        String afterJar = args.substring(args.indexOf("rollcall-agent.jar\"") + "rollcall-agent.jar\"".length()).trim();
        // what the SCM passes after the jar, with the state directory made a real one on this machine
        List<String> words = quotedWords(afterJar.replace("[STATEDIR].", tmp.resolve("state").toString()));
        assertEquals("resident", words.get(0), args);
        assertEquals(System.getProperty("rollcall.service.java.opts") + " -XX:SharedArchiveFile=[CACHEDIR]agent.jsa",
                words.get(words.size() - 1), "one argument");
        words.add("--help"); // parses the whole line, then prints the usage instead of starting the service
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("rollcall.agent.jar")));
        cmd.addAll(words);
        Tools.Result r = Tools.run(cmd);
        assertEquals(0, r.exit(), "the agent refused the service's command line: " + r.err());
        assertTrue(r.out().contains("rollcall-agent resident --state DIR"), r.out());

        Map<String, String> actions = new LinkedHashMap<>();
        for (Map<String, String> a : table(baked, "CustomAction")) {
            actions.put(a.get("Action"), a.get("Target"));
        }
        assertEquals("failureflag RollcallAgent 1", actions.get("ServiceRecoveryOnError"),
                "a service that reports STOPPED with an error (e.g. not enrolled yet) is restarted too");
    }

    /** Splits as the Windows C runtime does for this simple case: spaces separate, double quotes group. */
    static List<String> quotedWords(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (c == ' ' && !quoted) {
                if (any) {
                    out.add(w.toString());
                }
                w.setLength(0);
                any = false;
            } else {
                w.append(c);
                any = true;
            }
        }
        if (any) {
            out.add(w.toString());
        }
        return out;
    }

    @Test
    void theEnrolActionIsACommandLineThePackagedAgentAcceptsAndItReadsTheIniFileTheMsiWrites() throws Exception {
        String target = table(baked, "CustomAction").stream().filter(a -> a.get("Action").equals("Enrol")).findFirst()
                .orElseThrow().get("Target");
        Path stateDir = Files.createDirectories(tmp.resolve("enrol-state"));
        // what WriteIniValues leaves (a section header, CRLF); port 1 on loopback: nobody answers
        Files.writeString(stateDir.resolve("enroll.ini"), "[Enrolment]\r\ncollector.url=https://127.0.0.1:1\r\n"
                + "enroll.token=" + TOKEN + "\r\nca.fingerprint=" + FINGERPRINT + "\r\n");
        String afterJar = target.substring(target.indexOf("rollcall-agent.jar\"") + "rollcall-agent.jar\"".length()).trim();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("rollcall.agent.jar")));
        cmd.addAll(List.of(afterJar.replace("\"[STATEDIR]enroll.ini\"", stateDir.resolve("enroll.ini").toString())
                .replace("\"[STATEDIR].\"", stateDir.toString()).split(" ")));
        Tools.Result r = Tools.run(cmd);
        assertEquals(1, r.exit(), "parsed, read the file, then could not reach the collector: " + r.err());
        assertTrue(r.err().contains("cannot reach https://127.0.0.1:1"), r.err());
        assertFalse(r.err().contains(TOKEN) || r.out().contains(TOKEN), "the token is never printed");
    }

    @Test
    void refusesToBuildWithoutAWindowsRuntime() throws Exception {
        Path notWindows = tmp.resolve("linux-runtime");
        Files.createDirectories(notWindows.resolve("bin"));
        Tools.Result r = Tools.run(List.of("bash", Tools.sources().resolve("build/msi.sh").toString(), "0.1.0",
                System.getProperty("rollcall.agent.jar"), notWindows.toString(), "", tmp.resolve("x.msi").toString()));
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("java.exe not found"), r.err());
    }
}
