package io.rollcall.installers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .deb as dpkg sees it: metadata, files and modes, maintainer scripts and the systemd unit. */
class DebPackageTest {
    private static final String OPT = "./opt/rollcall-agent/";

    /** path in the package → its {@code drwxr-xr-x root/root} line from {@code dpkg-deb -c} */
    private static Map<String, String> contents;

    @TempDir
    Path tmp;

    @BeforeAll
    static void listContents() throws Exception {
        Tools.require("dpkg-deb", "dpkg");
        contents = new LinkedHashMap<>();
        for (String line : Tools.ok("dpkg-deb", "-c", Tools.deb().toString()).out().split("\n")) {
            String[] f = line.trim().split("\\s+");
            // mode owner size date time path [-> target]
            contents.put(f[5], f[0] + " " + f[1] + (f.length > 7 ? " -> " + f[7] : ""));
        }
    }

    @Test
    void controlNamesThePackageItsArchitectureAndTheConfigAsConffile() throws Exception {
        String info = Tools.ok("dpkg-deb", "-I", Tools.deb().toString()).out();
        assertTrue(info.contains("Package: rollcall-agent"), info);
        assertTrue(info.contains("Architecture: amd64"), info);
        assertTrue(info.lines().anyMatch(l -> l.trim().startsWith("Installed-Size: ")), info);
        Path control = tmp.resolve("control");
        Tools.ok("dpkg-deb", "-e", Tools.deb().toString(), control.toString());
        assertEquals(List.of("/etc/rollcall/agent.properties"), Files.readAllLines(control.resolve("conffiles")));
        for (String script : List.of("postinst", "prerm", "postrm")) {
            assertTrue(Files.isExecutable(control.resolve(script)), script + " must be executable");
        }
    }

    @Test
    void configIsOwnerOnlyAndProgramsAreExecutable() {
        assertEquals("-rw------- root/root", contents.get("./etc/rollcall/agent.properties"));
        for (String exe : List.of("bin/rollcall-agent", "bin/rollcall-agent-service", "bin/rollcall-agent-archives", "runtime/bin/java",
                "runtime/lib/jspawnhelper")) {
            assertEquals("-rwxr-xr-x root/root", contents.get(OPT + exe), exe);
        }
        assertEquals("-rw-r--r-- root/root", contents.get(OPT + "lib/rollcall-agent.jar"));
        assertEquals("-rw-r--r-- root/root", contents.get("./lib/systemd/system/rollcall-agent.service"));
        // a symlink's own mode bits mean nothing on Linux; its target does
        assertTrue(contents.get("./usr/bin/rollcall-agent").matches("l\\S+ root/root -> /opt/rollcall-agent/bin/rollcall-agent"),
                contents.get("./usr/bin/rollcall-agent"));
        // nothing in the package writes the state dir: upgrades and removals leave identity and outbox alone
        assertTrue(contents.keySet().stream().noneMatch(p -> p.startsWith("./var/")), contents.keySet().toString());
    }

    @Test
    void runtimeHoldsOnlyTheLinkedModules() throws Exception {
        Path root = unpack();
        String release = Files.readString(root.resolve("opt/rollcall-agent/runtime/release"));
        String modules = release.lines().filter(l -> l.startsWith("MODULES=")).findFirst().orElseThrow();
        assertTrue(modules.contains("java.net.http") && modules.contains("jdk.crypto.ec"), modules);
        assertFalse(modules.contains("java.desktop"), modules);
        assertFalse(modules.contains("jdk.compiler"), modules);
    }

    @Test
    void maintainerAndLauncherScriptsPassShellcheck() throws Exception {
        Tools.require("shellcheck", "shellcheck");
        Path control = tmp.resolve("control");
        Tools.ok("dpkg-deb", "-e", Tools.deb().toString(), control.toString());
        Path root = unpack();
        List<String> cmd = new java.util.ArrayList<>(List.of("shellcheck", "-s", "sh"));
        for (String s : List.of("postinst", "prerm", "postrm")) {
            cmd.add(control.resolve(s).toString());
        }
        cmd.add(root.resolve("opt/rollcall-agent/bin/rollcall-agent").toString());
        cmd.add(root.resolve("opt/rollcall-agent/bin/rollcall-agent-service").toString());
        cmd.add(root.resolve("opt/rollcall-agent/bin/rollcall-agent-archives").toString());
        Tools.run(cmd).requireSuccess(cmd);
    }

    @Test
    void postinstEnrolsStartsTheServiceAndPurgeAloneDeletesState() throws Exception {
        Path control = tmp.resolve("control");
        Tools.ok("dpkg-deb", "-e", Tools.deb().toString(), control.toString());
        String postinst = Files.readString(control.resolve("postinst"));
        assertTrue(postinst.contains("install -d -m 0700 \"$state\"") && postinst.contains("chown root:root \"$state\""), postinst);
        assertTrue(postinst.contains("printf '%s\\n' \"$token\" | \"$agent\" enroll --server \"$url\" --token - "
                + "--ca-fingerprint \"$fingerprint\""), "the token goes on stdin, never as an argument: " + postinst);
        assertTrue(postinst.contains("systemctl enable rollcall-agent.service"), postinst);
        assertTrue(postinst.contains("already enrolled"), "an upgrade must not enrol again: " + postinst);
        // the dump itself is in the script the macOS postinstall runs too
        assertTrue(postinst.contains("\"$root/opt/rollcall-agent/bin/rollcall-agent-archives\" \"$cache\""), postinst);
        String archives = Files.readString(unpack().resolve("opt/rollcall-agent/bin/rollcall-agent-archives"));
        assertTrue(archives.contains("-Xshare:dump") && archives.contains("-XX:SharedArchiveFile=\"$cache/$2\"")
                && archives.contains("dump \"$work/agent.classlist\" agent.jsa"), archives);
        assertTrue(Files.readString(control.resolve("prerm")).contains("systemctl stop rollcall-agent.service"));
        String postrm = Files.readString(control.resolve("postrm"));
        int purge = postrm.indexOf("purge)");
        int removeState = postrm.indexOf("rm -rf \"$root/var/lib/rollcall-agent\"");
        assertTrue(purge > 0 && removeState > purge, "only purge deletes the state dir: " + postrm);
        assertEquals(1, postrm.split(java.util.regex.Pattern.quote("rm -rf \"$root/var/lib/rollcall-agent\""), -1).length - 1, postrm);
    }

    @Test
    void unitRunsAsRootRestartsAndIsLimitedAndSandboxed() throws Exception {
        Path root = unpack();
        Path unit = root.resolve("lib/systemd/system/rollcall-agent.service");
        Map<String, String> s = Files.readAllLines(unit).stream().filter(l -> l.contains("=") && !l.startsWith("#"))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1),
                        (a, b) -> a + " " + b));
        assertEquals("root", s.get("User"));
        assertEquals("always", s.get("Restart"));
        assertEquals("/opt/rollcall-agent/bin/rollcall-agent-service", s.get("ExecStart"));
        assertTrue(s.get("CPUQuota").matches("\\d+%"), s.get("CPUQuota"));
        assertTrue(s.get("MemoryMax").matches("\\d+M"), s.get("MemoryMax"));
        assertEquals("strict", s.get("ProtectSystem"));
        assertEquals("/var/lib/rollcall-agent", s.get("ReadWritePaths"));
        assertEquals("read-only", s.get("ProtectHome"));
        assertEquals("yes", s.get("NoNewPrivileges"));
        assertEquals("CAP_DAC_READ_SEARCH", s.get("CapabilityBoundingSet"));
        assertTrue(s.get("Environment").contains("-XX:+UseSerialGC"), s.get("Environment"));
        assertTrue(s.get("Environment").contains("-XX:SharedArchiveFile=/var/cache/rollcall-agent/agent.jsa"), s.get("Environment"));
        assertTrue(s.get("Environment").contains("ROLLCALL_RESIDENT_JAVA_OPTS=" + System.getProperty("rollcall.resident.java.opts")
                + " -XX:SharedArchiveFile=/var/cache/rollcall-agent/resident.jsa"), s.get("Environment"));
        // issue 13: the resident runs with its own flags and starts the worker with ROLLCALL_JAVA_OPTS
        assertTrue(s.get("Environment").contains("ROLLCALL_RESIDENT_JAVA_OPTS=" + System.getProperty("rollcall.resident.java.opts")),
                s.get("Environment"));
        // the JVM flags must fit under the memory limit: both heaps (resident and one worker) well below MemoryMax
        int workerHeapMb = Integer.parseInt(s.get("Environment").replaceAll(".*ROLLCALL_JAVA_OPTS=[^\"]*-Xmx(\\d+)m.*", "$1"));
        int residentHeapMb = Integer.parseInt(s.get("Environment").replaceAll(".*ROLLCALL_RESIDENT_JAVA_OPTS=[^\"]*-Xmx(\\d+)m.*", "$1"));
        assertTrue((workerHeapMb + residentHeapMb) * 2 < Integer.parseInt(s.get("MemoryMax").replace("M", "")), s.toString());

        Tools.require("systemd-analyze", "systemd");
        Tools.Result verify = Tools.run(List.of("systemd-analyze", "verify", "--root=" + root, "/lib/systemd/system/rollcall-agent.service"));
        assertEquals("", verify.err().lines().filter(l -> !l.contains("Failed to") && !l.isBlank())
                .collect(Collectors.joining("\n")), "systemd-analyze verify: " + verify.err());
    }

    @Test
    void packagedAgentEnrolsFromTheConfigFileReportsAndKeepsItsIdentityOnRestart() throws Exception {
        Path root = unpack();
        Path state = tmp.resolve("state");
        try (LiveCollector collector = new LiveCollector(tmp.resolve("collector"))) {
            Path config = tmp.resolve("agent.properties");
            Files.writeString(config, "collector.url=" + collector.url() + "\nenroll.token=" + collector.enrollToken
                    + "\nca.fingerprint=" + collector.caFingerprint() + "\n");
            Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));

            UUID device = runServiceUntilReported(root, config, state, collector, 1);
            String body = collector.adminGet("/api/v1/devices/" + device).body();
            JsonNode detail = new ObjectMapper().readTree(body);
            assertEquals(device.toString(), detail.path("device").path("id").asText(), body);
            assertTrue(detail.path("software").size() > 0, "the packaged agent's scan reached the collector: " + body);
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));

            // an upgrade or restart runs the same entry point again: same identity, no second enrolment
            UUID again = runServiceUntilReported(root, config, state, collector, 2);
            assertEquals(device, again);
        }
    }

    /** Starts the packaged service entry point and stops it once the collector holds {@code reports} reports. */
    private static UUID runServiceUntilReported(Path root, Path config, Path state, LiveCollector collector, int reports)
            throws Exception {
        ProcessBuilder pb = new ProcessBuilder(root.resolve("opt/rollcall-agent/bin/rollcall-agent-service").toString());
        pb.environment().put("ROLLCALL_CONFIG", config.toString());
        pb.environment().put("ROLLCALL_STATE", state.toString());
        Path log = Files.createTempFile("rc-service-", ".log");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = pb.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline) {
                UUID device = deviceId(state);
                if (device != null && collector.reportsFrom(device) >= reports) {
                    return device;
                }
                if (!p.isAlive()) {
                    break;
                }
                p.waitFor(200, TimeUnit.MILLISECONDS);
            }
            throw new AssertionError("the packaged agent did not report (exit " + (p.isAlive() ? "-" : p.exitValue())
                    + "):\n" + Files.readString(log));
        } finally {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
            Files.deleteIfExists(log);
        }
    }

    private static UUID deviceId(Path state) throws Exception {
        Path f = state.resolve("state.json");
        if (!Files.isRegularFile(f)) {
            return null;
        }
        JsonNode id = new ObjectMapper().readTree(f.toFile()).get("deviceId");
        return id == null || id.isNull() ? null : UUID.fromString(id.asText());
    }

    private Path unpack() throws Exception {
        Path root = tmp.resolve("root");
        if (!Files.isDirectory(root)) {
            Tools.ok("dpkg-deb", "-x", Tools.deb().toString(), root.toString());
        }
        return root;
    }


}
