package io.rollcall.installers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .deb's maintainer scripts run as dpkg runs them on upgrade, remove and purge, in a sandbox: the package is
 * unpacked into a throw-away root that {@code ROLLCALL_ROOT} points the scripts at, and systemctl (the OS boundary)
 * is a stub on the PATH that records its calls. The packaged agent itself is real.
 */
class DebMaintainerScriptsTest {
    private static final String DEVICE = "6f1d2c3b-4a59-4e8d-9c7b-1a2b3c4d5e6f";

    @TempDir
    Path tmp;
    Path root;
    Path control;
    Path calls;
    Path state;
    Path config;

    @BeforeEach
    void unpackAndStub() throws Exception {
        Tools.require("dpkg-deb", "dpkg");
        root = tmp.resolve("root");
        control = tmp.resolve("control");
        Tools.ok("dpkg-deb", "-x", Tools.deb().toString(), root.toString());
        Tools.ok("dpkg-deb", "-e", Tools.deb().toString(), control.toString());
        Files.createDirectories(root.resolve("run/systemd/system")); // "systemd is PID 1" for the scripts
        calls = tmp.resolve("calls.log");
        Files.writeString(calls, "");
        Path stubs = Files.createDirectories(tmp.resolve("stubs"));
        // chown too: ownership is the OS's business, and the test may run without root
        for (String tool : List.of("systemctl", "deb-systemd-invoke", "deb-systemd-helper", "chown")) {
            Path stub = stubs.resolve(tool);
            Files.writeString(stub, "#!/bin/sh\necho \"" + tool + " $*\" >> \"$STUB_CALLS\"\n");
            Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        state = root.resolve("var/lib/rollcall-agent");
        config = root.resolve("etc/rollcall/agent.properties");
        // an enrolled device with an unsent report, and a config that would enrol again if asked to
        Files.createDirectories(state.resolve("outbox"));
        Files.writeString(state.resolve("state.json"), "{\"server\":\"https://collector.invalid:8443/\",\"deviceId\":\""
                + DEVICE + "\",\"deviceSecret\":\"s3cret\",\"caPemFile\":\"collector-ca.pem\",\"deviceSalt\":\""
                + "00".repeat(32) + "\",\"reportIntervalSeconds\":3600}");
        Files.write(state.resolve("outbox/0000000001-full.json.gz"), new byte[] {31, -117, 8, 0, 1, 2, 3});
        Files.writeString(config, "collector.url=https://collector.invalid:8443\nenroll.token=rc_enroll_x\n"
                + "ca.fingerprint=" + "ab".repeat(32) + "\n");
    }

    private Tools.Result script(String name, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(control.resolve(name).toString()));
        cmd.addAll(List.of(args));
        Tools.Result r = Tools.run(cmd, Map.of("ROLLCALL_ROOT", root.toString(), "STUB_CALLS", calls.toString(),
                "PATH", tmp.resolve("stubs") + ":" + System.getenv("PATH")), null);
        assertEquals(0, r.exit(), name + " " + String.join(" ", args) + " failed:\n" + r.out() + r.err());
        return r;
    }

    private List<String> calls() throws Exception {
        return Files.readAllLines(calls).stream().filter(l -> !l.startsWith("chown ")).toList();
    }

    @Test
    void upgradeKeepsTheIdentityAndTheOutboxAndRestartsTheService() throws Exception {
        byte[] identity = Files.readAllBytes(state.resolve("state.json"));
        byte[] queued = Files.readAllBytes(state.resolve("outbox/0000000001-full.json.gz"));
        // dpkg's order for an upgrade: old prerm, old postrm, new postinst
        script("prerm", "upgrade", "0.2.0");
        script("postrm", "upgrade", "0.2.0");
        Tools.Result postinst = script("postinst", "configure", "0.1.0");

        assertTrue(postinst.out().contains("already enrolled"), postinst.out() + postinst.err());
        assertFalse((postinst.out() + postinst.err()).contains("enrolment failed"), "no second enrolment: " + postinst.err());
        assertArrayEquals(identity, Files.readAllBytes(state.resolve("state.json")));
        assertArrayEquals(queued, Files.readAllBytes(state.resolve("outbox/0000000001-full.json.gz")));
        assertTrue(Files.readString(state.resolve("state.json")).contains(DEVICE));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config)));
        assertTrue(Files.isRegularFile(root.resolve("var/cache/rollcall-agent/agent.jsa")), "class-data archive remade");
        // the resident's own archive (issue 13): -Xshare:on refuses to start if the archive does not fit the jar
        Path residentJsa = root.resolve("var/cache/rollcall-agent/resident.jsa");
        assertTrue(Files.isRegularFile(residentJsa), "the resident's class-data archive is made: " + postinst.err());
        Path jar = root.resolve("opt/rollcall-agent/lib/rollcall-agent.jar").toRealPath();
        Tools.Result withArchive = Tools.run(List.of(root.resolve("opt/rollcall-agent/runtime/bin/java").toString(),
                "-Xshare:on", "-XX:SharedArchiveFile=" + residentJsa, "-jar", jar.toString(), "resident", "--help"));
        assertEquals(0, withArchive.exit(), withArchive.out() + withArchive.err());
        assertTrue(withArchive.out().contains("--one-step"), withArchive.out());
        assertEquals(List.of("systemctl stop rollcall-agent.service", "systemctl daemon-reload",
                "systemctl enable rollcall-agent.service", "systemctl restart rollcall-agent.service"), calls());
        assertTrue(Files.readString(calls).contains("chown root:root " + state), Files.readString(calls));
    }

    @Test
    void removeStopsAndDisablesTheServiceAndKeepsStateAndConfig() throws Exception {
        Files.createDirectories(root.resolve("var/cache/rollcall-agent"));
        script("prerm", "remove");
        script("postrm", "remove");

        assertEquals(List.of("systemctl stop rollcall-agent.service", "systemctl disable rollcall-agent.service",
                "systemctl daemon-reload"), calls());
        assertTrue(Files.readString(state.resolve("state.json")).contains(DEVICE), "identity kept");
        assertTrue(Files.exists(state.resolve("outbox/0000000001-full.json.gz")), "outbox kept");
        assertTrue(Files.exists(config), "a conffile stays until purge");
        assertFalse(Files.exists(root.resolve("var/cache/rollcall-agent")), "the class-data archive goes");
    }

    @Test
    void purgeDeletesStateAndConfig() throws Exception {
        script("prerm", "remove");
        script("postrm", "remove");
        Files.writeString(calls, "");
        script("postrm", "purge");

        assertFalse(Files.exists(state), "state dir deleted on purge");
        assertFalse(Files.exists(config), "config deleted on purge");
        assertFalse(Files.exists(root.resolve("etc/rollcall")), "its directory too");
        assertEquals(List.of("systemctl disable rollcall-agent.service", "systemctl daemon-reload"), calls());
        assertTrue(Files.isDirectory(root.resolve("var/lib")), "nothing outside the package's own paths");
    }

    @Test
    void withoutSystemdNoServiceCallsAreMade() throws Exception {
        Files.delete(root.resolve("run/systemd/system"));
        script("prerm", "remove");
        script("postrm", "remove");
        assertEquals(List.of(), calls());
        assertTrue(Files.exists(state.resolve("state.json")));
    }

    @Test
    void unknownArgumentsFail() throws Exception {
        for (String s : List.of("postinst", "prerm", "postrm")) {
            Tools.Result r = Tools.run(List.of(control.resolve(s).toString(), "bogus"), Map.of("ROLLCALL_ROOT",
                    root.toString(), "STUB_CALLS", calls.toString()), null);
            assertEquals(1, r.exit(), s);
            assertTrue(r.err().contains("unknown argument 'bogus'"), r.err());
        }
    }
}
