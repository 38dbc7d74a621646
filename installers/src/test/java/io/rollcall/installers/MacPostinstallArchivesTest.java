package io.rollcall.installers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The macOS postinstall's class-data archives, made on Linux: the .pkg layout is copied into a throw-away root that
 * {@code ROLLCALL_ROOT} points the script at, with this build's Linux runtime where pkgbuild would find the macOS
 * one. launchctl, chown and install's -o/-g (macOS has a wheel group, Debian has not) are the OS boundary and are
 * stubs on the PATH; the shared dump script and the agent are real. What cannot be checked here: that the same
 * steps work on a Mac's runtime (no Mac on this machine).
 */
class MacPostinstallArchivesTest {
    private static final String CACHE = "/Library/Rollcall/Agent/cache/";

    @TempDir
    static Path tmp;
    static Path root;
    static Path cache;
    static Path jar;
    static Tools.Result postinstall;
    static String calls;

    @BeforeAll
    static void installIntoASandbox() throws Exception {
        Path layout = Tools.existing(Tools.built().resolve("macos-pkg"));
        root = tmp.resolve("root");
        Tools.ok("cp", "-a", layout.resolve("payload").toString(), root.toString());
        Tools.ok("cp", "-a", Tools.existing(Tools.built().resolve("runtime")).toString(),
                root.resolve("Library/Rollcall/Agent/runtime").toString());
        // the previous version's archives, read-only as postinstall leaves them: an upgrade must replace them
        cache = Files.createDirectories(root.resolve(CACHE.substring(1)));
        for (String old : List.of("agent.jsa", "resident.jsa")) {
            Files.writeString(cache.resolve(old), "an archive of the previous version's jar");
            Files.setPosixFilePermissions(cache.resolve(old), PosixFilePermissions.fromString("r--r--r--"));
        }
        Path stubs = Files.createDirectories(tmp.resolve("stubs"));
        Path log = tmp.resolve("calls.log");
        for (String tool : List.of("launchctl", "chown")) {
            executable(stubs.resolve(tool), "#!/bin/sh\necho \"" + tool + " $*\" >> \"$STUB_CALLS\"\n");
        }
        executable(stubs.resolve("install"), """
                #!/bin/sh
                # macOS's install with its -o/-g dropped: ownership is the OS's business
                n=$#
                while [ "$n" -gt 0 ]; do
                  a=$1; shift; n=$((n - 1))
                  case "$a" in
                    -o|-g) echo "install $a $1" >> "$STUB_CALLS"; shift; n=$((n - 1)) ;;
                    *) set -- "$@" "$a" ;;
                  esac
                done
                exec /usr/bin/install "$@"
                """);
        postinstall = Tools.run(List.of("sh", layout.resolve("scripts/postinstall").toString()), Map.of("ROLLCALL_ROOT",
                root.toString(), "STUB_CALLS", log.toString(), "PATH", stubs + ":" + System.getenv("PATH")), null);
        calls = Files.readString(log);
        jar = root.resolve("Library/Rollcall/Agent/lib/rollcall-agent.jar").toRealPath();
    }

    private static void executable(Path p, String text) throws Exception {
        Files.writeString(p, text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void postinstallReplacesBothArchivesReadOnlyInARootOwnedCacheBeforeLoadingTheDaemon() throws Exception {
        assertEquals(0, postinstall.exit(), postinstall.out() + postinstall.err());
        assertFalse(postinstall.err().contains("no class-data archive"), postinstall.err());
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache)));
        assertTrue(calls.contains("install -o root\ninstall -g wheel\n"), calls);
        for (String name : List.of("agent.jsa", "resident.jsa")) {
            Path a = cache.resolve(name);
            assertEquals("r--r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(a)), name);
            assertTrue(Files.size(a) > 1 << 20, name + " is a real archive, not the old file: " + Files.size(a));
        }
        assertEquals(List.of("agent.jsa", "resident.jsa"), Files.list(cache).map(p -> p.getFileName().toString())
                .sorted().toList(), "the class lists and the throw-away state are gone");
        assertTrue(calls.endsWith("launchctl bootstrap system " + root.resolve("Library/LaunchDaemons/io.rollcall.agent.plist")
                + "\n"), "the daemon is loaded last, so its first start has the archives: " + calls);
    }

    @Test
    void theResidentFlagsOfThePlistStartTheResidentOnItsArchive() throws Exception {
        List<String> flags = plistFlags("ROLLCALL_RESIDENT_JAVA_OPTS", "resident.jsa");
        // -Xshare:on refuses to start when the archive is missing or was dumped for another class path
        Tools.Result r = java(flags, "-Xshare:on", "-jar", jar.toString(), "resident", "--help");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("--one-step"), r.out());
    }

    @Test
    void theWorkerFlagsOfThePlistLoadTheAgentsOwnClassesFromItsArchive() throws Exception {
        List<String> flags = new ArrayList<>(plistFlags("ROLLCALL_JAVA_OPTS", "agent.jsa"));
        flags.add("-Xlog:class+load=info");
        // how the resident starts a worker: its own class path, the agent's main class
        Tools.Result r = java(flags, "-Xshare:on", "-cp", jar.toString(), "io.rollcall.agent.cli.AgentMain", "status",
                "--state", tmp.resolve("worker-state").toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("enrolled:"), r.out());
        assertTrue(r.out().contains("io.rollcall.agent.cli.AgentMain source: shared objects file"),
                "the dump's class path matched the jar's: the agent's classes come from the archive");
    }

    @Test
    void withoutTheArchivesTheSameFlagsStartTheJvmQuietly() throws Exception {
        List<String> flags = plistFlags("ROLLCALL_RESIDENT_JAVA_OPTS", "resident.jsa").stream()
                .map(f -> f.replace(cache.toString(), tmp.resolve("never-made").toString())).toList();
        assertTrue(flags.stream().anyMatch(f -> f.contains("never-made")), flags.toString());
        Tools.Result r = java(flags, "-jar", jar.toString(), "resident", "--help");
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err(), "the default -Xshare:auto says nothing about a missing archive");
    }

    /** The plist's flags for {@code key}, whose archive must be {@code archive} in the cache, pointed at the sandbox. */
    private static List<String> plistFlags(String key, String archive) throws Exception {
        String plist = Files.readString(root.resolve("Library/LaunchDaemons/io.rollcall.agent.plist"));
        Matcher m = Pattern.compile("<key>" + key + "</key>\\s*<string>([^<]*)</string>").matcher(plist);
        assertTrue(m.find(), key + " in " + plist);
        List<String> flags = List.of(m.group(1).trim().split("\\s+"));
        assertEquals(List.of("-XX:SharedArchiveFile=" + CACHE + archive), flags.stream()
                .filter(f -> f.startsWith("-XX:SharedArchiveFile=")).toList(), key);
        return flags.stream().map(f -> f.replace(CACHE, cache + "/")).toList();
    }

    private static Tools.Result java(List<String> flags, String... rest) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(root.resolve("Library/Rollcall/Agent/runtime/bin/java").toString());
        cmd.addAll(flags);
        cmd.addAll(List.of(rest));
        return Tools.run(cmd);
    }
}
