package io.rollcall.collector.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.collector.devices.DeviceQueries;
import io.rollcall.collector.ingest.SectionDocs;
import io.rollcall.collector.support.TestCollector;
import io.rollcall.common.report.Sections;
import io.rollcall.common.report.SoftwareItem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real agents from Debian ({@code fusioninventory-agent} 2.6, {@code ocsinventory-agent} 2.10) inventory this
 * machine and post to a collector started here, over HTTPS with the collector's CA and an enrolment token as the Basic
 * password: each becomes a device whose software list is exactly what {@code dpkg-query -W} lists (package and
 * version), and a second run changes nothing but the last-seen time. A missing agent fails the test: run-tests.sh
 * installs both.
 */
class RealAgentsTest {
    @TempDir
    static Path data;
    @TempDir
    static Path work;
    static TestCollector collector;

    @BeforeAll
    static void start() throws Exception {
        collector = new TestCollector(data).start(0);
    }

    @AfterAll
    static void stop() {
        if (collector != null) {
            collector.close();
        }
    }

    @Test
    void fusionInventoryMakesThisMachineADeviceWithEveryDpkgPackageAndARerunChangesNothing() throws Exception {
        String bin = agent("fusioninventory-agent");
        List<String> cmd = List.of(bin, "--server", collector.baseUrl() + "/ocsinventory", "--user", "school",
                "--password", collector.enrollToken, "--ca-cert-file", caCert().toString(), "--tasks", "inventory",
                "--logger", "stderr", "--timeout", "60");
        UUID device = runAndFind(cmd, "FusionInventory");
        assertSoftwareIsDpkg(device);
        assertSecondRunChangesNothing(cmd, device);
    }

    @Test
    void ocsInventoryAgentMakesThisMachineADeviceWithEveryDpkgPackageAndARerunChangesNothing() throws Exception {
        String bin = agent("ocsinventory-agent");
        Path vardir = Files.createDirectories(work.resolve("ocs-var"));
        // --nolocal: Debian's config file sets local=, which would keep the inventory on disk; --realm must match
        // the collector's challenge, as LWP keys credentials by realm; agent 2.10 base64-decodes --user and --password
        List<String> cmd = List.of(bin, "--server", collector.baseUrl() + "/ocsinventory", "--user", base64("school"),
                "--password", base64(collector.enrollToken), "--realm", OcsService.REALM, "--ssl=1", "--ca=" + caCert(),
                "--nolocal", "--basevardir=" + vardir, "--force");
        UUID device = runAndFind(cmd, "OCS Inventory unix agent");
        assertSoftwareIsDpkg(device);
        assertSecondRunChangesNothing(cmd, device);
    }

    private static String base64(String s) {
        return java.util.Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String agent(String name) {
        Path p = Path.of("/usr/bin", name);
        assertTrue(Files.isExecutable(p), name + " is not installed (" + p + " missing): run-tests.sh installs it with"
                + " apt-get install fusioninventory-agent ocsinventory-agent; this test never skips");
        return p.toString();
    }

    private static Path caCert() {
        return data.resolve("tls").resolve("ca.crt");
    }

    private UUID runAndFind(List<String> cmd, String agentName) throws Exception {
        String out = run(cmd);
        UUID id = collector.collector().database().read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT device_id FROM foreign_agents WHERE agent_name = ?")) {
                ps.setString(1, agentName);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getObject(1, UUID.class) : null;
                }
            }
        });
        assertNotNull(id, agentName + " reported no device; its output:\n" + out);
        return id;
    }

    private static String run(List<String> cmd) throws IOException, InterruptedException {
        Path log = Files.createTempFile(work, "agent", ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean done = p.waitFor(240, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8).replace(collectorToken(), "<token>")
                .replace(base64(collectorToken()), "<token>");
        assertTrue(done, "the agent did not finish in 240 s:\n" + out);
        assertEquals(0, p.exitValue(), "the agent failed:\n" + out);
        return out;
    }

    private static String collectorToken() {
        return collector.enrollToken;
    }

    /** dpkg-query's package=version pairs against the stored software list's name=version pairs. */
    private void assertSoftwareIsDpkg(UUID device) throws Exception {
        Set<String> dpkg = new TreeSet<>();
        Process p = new ProcessBuilder("dpkg-query", "-W", "-f", "${binary:Package}=${Version}\\n").start();
        for (String line : new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                dpkg.add(stripNativeArch(line.strip()));
            }
        }
        assertEquals(0, p.waitFor());
        Set<String> stored = new TreeSet<>();
        List<SoftwareItem> software = software(device);
        for (SoftwareItem s : software) {
            stored.add(s.name() + "=" + s.version());
        }
        assertEquals(software.size(), stored.size(), "the stored list repeats a package");
        Set<String> missing = new TreeSet<>(dpkg);
        missing.removeAll(stored);
        Set<String> extra = new TreeSet<>(stored);
        extra.removeAll(dpkg);
        assertTrue(missing.isEmpty() && extra.isEmpty(), "dpkg-query lists, the device lacks: " + missing
                + "; the device has, dpkg-query does not list: " + extra);
        assertEquals(dpkg.size(), stored.size());
        assertTrue(dpkg.size() > 100, "dpkg-query listed only " + dpkg.size() + " packages");
    }

    /** dpkg-query names a multi-arch package libc6:amd64 only when it must; the agents never add the native arch. */
    private static String stripNativeArch(String pair) {
        int eq = pair.indexOf('=');
        String name = pair.substring(0, eq);
        int colon = name.indexOf(':');
        return colon < 0 ? pair : name.substring(0, colon) + pair.substring(eq);
    }

    private List<SoftwareItem> software(UUID device) throws Exception {
        Map<String, byte[]> docs = new DeviceQueries(collector.collector().database()).sections(device,
                List.of(SectionDocs.SOFTWARE));
        Sections s = SectionDocs.with(Sections.EMPTY, SectionDocs.SOFTWARE, docs.get(SectionDocs.SOFTWARE));
        return new ArrayList<>(s.software());
    }

    private void assertSecondRunChangesNothing(List<String> cmd, UUID device) throws Exception {
        Map<String, Long> before = collector.rowCounts();
        List<SoftwareItem> softwareBefore = software(device);
        run(cmd);
        Map<String, Long> after = collector.rowCounts();
        assertEquals(before.get("devices"), after.get("devices"), "a second run made another device");
        assertEquals(before.get("device_sections"), after.get("device_sections"));
        assertEquals(before.get("findings"), after.get("findings"));
        assertEquals(softwareBefore, software(device));
    }
}
