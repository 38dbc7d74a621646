package io.rollcall.installers;

import static io.rollcall.installers.MsiPackageTest.quotedWords;
import static io.rollcall.installers.MsiPackageTest.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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
 * The .msi's class-data archives (issue 13), read through msitools and then replayed on Linux: the custom actions'
 * command lines run in order against this build's jlinked runtime, with the installer's folders mapped to
 * throw-away ones, and the archives they make must be accepted ({@code -Xshare:on}) by the service's own JVM flags.
 * What cannot be checked here is Windows itself: java.exe, cmd.exe and the installer's engine (no Windows machine).
 */
class MsiClassDataArchivesTest {
    /** The actions in the order they must run, as the .deb's and the .pkg's bin/rollcall-agent-archives does. */
    private static final List<String> ACTIONS = List.of("ArchiveWork", "ArchiveScan", "ArchiveScanAgain",
            "ArchiveStatus", "ArchiveClassList", "DumpAgentArchive", "ArchiveResidentStep", "DumpResidentArchive",
            "ArchiveWorkCleanup");
    private static final String JAR = "[LIBDIR]rollcall-agent.jar";

    @TempDir
    static Path tmp;
    static Path msi;
    static Map<String, Map<String, String>> actions;
    static String arguments;

    @BeforeAll
    static void build() throws Exception {
        Tools.require("wixl", "wixl");
        Tools.require("msiinfo", "msitools");
        Path runtime = tmp.resolve("windows-runtime");
        for (String f : List.of("bin/java.exe", "lib/modules")) {
            Files.createDirectories(runtime.resolve(f).getParent());
            Files.writeString(runtime.resolve(f), "stand-in for " + f);
        }
        msi = tmp.resolve("agent.msi");
        List<String> cmd = List.of("bash", Tools.sources().resolve("build/msi.sh").toString(), "0.1.0-SNAPSHOT",
                System.getProperty("rollcall.agent.jar"), runtime.toString(),
                System.getProperty("rollcall.service.java.opts"), msi.toString(), "", "", "",
                System.getProperty("rollcall.resident.java.opts"));
        Tools.run(cmd, Map.of(), null).requireSuccess(cmd);
        actions = new LinkedHashMap<>();
        for (Map<String, String> a : table(msi, "CustomAction")) {
            actions.put(a.get("Action"), a);
        }
        arguments = table(msi, "ServiceInstall").get(0).get("Arguments");
    }

    @Test
    void archiveActionsRunAsSystemFromTheInstalledJavaAndNeverFailTheInstall() throws Exception {
        assertEquals("cmd.exe", MsiPackageTest.properties(msi).get("CMDEXE"));
        for (String name : ACTIONS) {
            Map<String, String> a = actions.get(name);
            assertTrue(a != null, name + " is missing: " + actions.keySet());
            int type = Integer.parseInt(a.get("Type"));
            assertEquals(0x400 | 0x800, type & 0xC00, name + ": deferred, not impersonated (LocalSystem)");
            assertEquals(0x40, type & 0xC0, name + ": Return=ignore, waits for the exit and ignores its code");
            if (a.get("Source").equals("JavaExe")) {
                assertEquals(18, type & 0x3F, name + ": runs the installed java.exe");
            } else {
                assertEquals("CMDEXE", a.get("Source"), name);
                assertEquals(50, type & 0x3F, name + ": runs the exe a property names");
            }
        }
    }

    @Test
    void archivesAreMadeAfterTheFilesAndTheOldVersionsRemovalAndBeforeTheServiceStarts() throws Exception {
        Map<String, Integer> seq = new LinkedHashMap<>();
        for (Map<String, String> r : table(msi, "InstallExecuteSequence")) {
            seq.put(r.get("Action"), Integer.parseInt(r.get("Sequence")));
            if (ACTIONS.contains(r.get("Action"))) {
                assertEquals("NOT REMOVE", r.get("Condition"), r.toString());
            }
        }
        int previous = Math.max(seq.get("InstallFiles"), seq.get("RemoveExistingProducts"));
        for (String name : ACTIONS) {
            assertTrue(seq.get(name) > previous, name + " runs after the one before it: " + seq);
            previous = seq.get(name);
        }
        assertTrue(previous < seq.get("StartServices") && previous < seq.get("InstallFinalize"), seq.toString());
        // the old archives go before the new ones are made, and both go at uninstall
        assertTrue(seq.get("RemoveFiles") < seq.get("ArchiveWork"), seq.toString());
        Map<String, Map<String, String>> removed = new LinkedHashMap<>();
        for (Map<String, String> r : table(msi, "RemoveFile")) {
            removed.put(r.get("FileName"), r);
        }
        for (String archive : List.of("agent.jsa", "resident.jsa")) {
            Map<String, String> r = removed.get(archive);
            assertTrue(r != null, archive + " in " + removed);
            assertEquals("CACHEDIR", r.get("DirProperty"), r.toString());
            assertEquals("3", r.get("InstallMode"), "on install and on uninstall: " + r);
            assertEquals("ArchiveCache", r.get("Component_"), r.toString());
        }
        assertTrue(table(msi, "FeatureComponents").stream().anyMatch(r -> r.get("Component_").equals("ArchiveCache")));
        // under ProgramData, every name without a space: the worker's flags are split on white space
        Map<String, String> parent = new LinkedHashMap<>();
        Map<String, String> name = new LinkedHashMap<>();
        for (Map<String, String> d : table(msi, "Directory")) {
            parent.put(d.get("Directory"), d.get("Directory_Parent"));
            name.put(d.get("Directory"), d.get("DefaultDir"));
        }
        List<String> path = new ArrayList<>();
        for (String d = "CACHEDIR"; !d.equals("CommonAppDataFolder"); d = parent.get(d)) {
            path.add(0, name.get(d));
        }
        assertEquals(List.of("Rollcall", "Agent", "cache"), path);
    }

    @Test
    void theArchivesAreDumpedForTheJarAndTheArchivePathsTheServiceUses() {
        List<String> service = quotedWords(arguments);
        int jar = service.indexOf("-jar");
        assertEquals(JAR, service.get(jar + 1), arguments);
        assertTrue(service.subList(0, jar).contains("-XX:SharedArchiveFile=[CACHEDIR]resident.jsa"), arguments);
        List<String> worker = List.of(service.get(service.size() - 1).split(" "));
        assertTrue(worker.contains("-XX:SharedArchiveFile=[CACHEDIR]agent.jsa"), "the resident's --worker-java-opts: "
                + worker);
        // the dump's -cp is the path the service's -jar gives, which the resident hands its workers as -cp
        for (String[] dump : List.of(new String[] {"DumpAgentArchive", "agent"}, new String[] {"DumpResidentArchive",
                "resident"})) {
            List<String> words = words(dump[0]);
            assertEquals(List.of("-Xshare:dump", "-XX:SharedClassListFile=[CACHEDIR]work\\" + dump[1] + ".classlist",
                    "-XX:SharedArchiveFile=[CACHEDIR]" + dump[1] + ".jsa", "-cp", JAR), words, dump[0]);
        }
        for (String run : List.of("ArchiveScan", "ArchiveScanAgain", "ArchiveStatus", "ArchiveResidentStep")) {
            List<String> words = words(run);
            assertEquals(JAR, words.get(words.indexOf("-jar") + 1), run);
            assertEquals("[CACHEDIR]work\\state", words.get(words.indexOf("--state") + 1), "a throw-away state: " + run);
        }
    }

    @Test
    void replayedOnLinuxTheActionsMakeArchivesTheServicesFlagsAccept() throws Exception {
        Path cache = Files.createDirectories(tmp.resolve("ProgramData/Rollcall/Agent/cache"));
        // without the space of "Program Files": JDK 17 maps an archive dumped for a class path with a space but takes
        // none of the agent's classes from it (BENCHMARKS.md, "Resident service (issue 13)"); the quoting that keeps
        // such a path one word is checked above
        Path lib = Files.createDirectories(tmp.resolve("ProgramFiles/Rollcall/Agent/lib"));
        Files.copy(Path.of(System.getProperty("rollcall.agent.jar")), lib.resolve("rollcall-agent.jar"));
        Path java = Tools.existing(Tools.built().resolve("runtime/bin/java"));
        Map<String, String> folders = Map.of("[CACHEDIR]", cache + "/", "[LIBDIR]", lib + "/");
        for (String name : ACTIONS) {
            List<String> words = words(name).stream().map(w -> local(w, folders)).toList();
            if (actions.get(name).get("Source").equals("CMDEXE")) {
                cmd(words);
                if (name.equals("ArchiveClassList")) {
                    String classes = Files.readString(cache.resolve("work/agent.classlist"));
                    assertTrue(classes.contains("io/rollcall/agent/cli/AgentMain")
                            && classes.contains("java/lang/Object"), "the three runs' classes, joined");
                }
            } else {
                List<String> cmd = new ArrayList<>(List.of(java.toString()));
                cmd.addAll(words);
                Tools.Result r = Tools.run(cmd);
                if (name.startsWith("Dump")) {
                    assertEquals(0, r.exit(), name + ": " + r.out() + r.err());
                }
            }
        }
        assertFalse(Files.exists(cache.resolve("work")), "the work directory is cleaned up");
        List<String> service = quotedWords(arguments).stream().map(w -> local(w, folders)).toList();
        int jar = service.indexOf("-jar");
        // the resident as the service starts it, with -Xshare:on: the JVM refuses a missing or mismatched archive
        List<String> resident = new ArrayList<>(List.of(java.toString(), "-Xshare:on"));
        resident.addAll(service.subList(0, jar + 2));
        resident.addAll(List.of("resident", "--help"));
        Tools.Result r = Tools.run(resident);
        assertEquals(0, r.exit(), resident + "\n" + r.out() + r.err());
        assertTrue(r.out().contains("--one-step"), r.out());
        // a worker as the resident starts one: its flags, the jar as class path, the agent's main class
        List<String> worker = new ArrayList<>(List.of(java.toString(), "-Xshare:on", "-Xlog:class+load=info"));
        worker.addAll(List.of(service.get(service.size() - 1).split(" ")));
        worker.addAll(List.of("-cp", service.get(jar + 1), "io.rollcall.agent.cli.AgentMain", "status", "--state",
                tmp.resolve("worker-state").toString()));
        r = Tools.run(worker);
        assertEquals(0, r.exit(), worker + "\n" + r.out() + r.err());
        assertTrue(r.out().contains("io.rollcall.agent.cli.AgentMain source: shared objects file"),
                "the agent's own classes come from the archive");
    }

    /** An action's command line as java.exe would receive it. */
    private static List<String> words(String action) {
        return quotedWords(actions.get(action).get("Target"));
    }

    /** A word with the installer's folders replaced by this test's, Windows separators by '/'. */
    private static String local(String word, Map<String, String> folders) {
        String w = word;
        for (Map.Entry<String, String> f : folders.entrySet()) {
            w = w.replace(f.getKey(), f.getValue());
        }
        return w.replace('\\', '/');
    }

    /** The three cmd.exe commands the actions use, done here; any other command fails the test. */
    private static void cmd(List<String> words) throws Exception {
        assertEquals(List.of("/d", "/c"), words.subList(0, 2), words.toString());
        List<List<String>> commands = new ArrayList<>(List.of(new ArrayList<>()));
        for (String w : words.subList(2, words.size())) {
            if (w.equals("&")) {
                commands.add(new ArrayList<>());
            } else {
                commands.get(commands.size() - 1).add(w);
            }
        }
        for (List<String> c : commands) {
            if (c.size() == 4 && c.subList(0, 3).equals(List.of("rmdir", "/s", "/q"))) {
                Tools.ok("rm", "-rf", c.get(3));
            } else if (c.size() == 2 && c.get(0).equals("mkdir")) {
                Files.createDirectories(Path.of(c.get(1)));
            } else if (c.size() == 4 && c.subList(0, 2).equals(List.of("copy", "/b"))) {
                StringBuilder joined = new StringBuilder();
                for (String part : c.get(2).split("\\+")) {
                    joined.append(Files.readString(Path.of(part)));
                }
                Files.writeString(Path.of(c.get(3)), joined);
            } else {
                fail("a cmd.exe command this test does not know: " + c);
            }
        }
    }
}
