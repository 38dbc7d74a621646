package io.rollcall.agent.probe.os;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rollcall.agent.os.FileSource;
import io.rollcall.agent.probe.Fixtures;
import io.rollcall.common.report.OsInfo;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinuxOsProbeTest {

    @Test
    void debianOsReleaseGivesNameAndVersion() {
        Map<String, String> r = LinuxOsProbe.parseOsRelease(Fixtures.lines("os-release/debian-12"));
        assertEquals("Debian GNU/Linux", r.get("NAME"));
        assertEquals("12 (bookworm)", r.get("VERSION"));
    }

    @Test
    void singleQuotesAndCommentsAreHandled() {
        Map<String, String> r = LinuxOsProbe.parseOsRelease(Fixtures.lines("os-release/ubuntu-24.04"));
        assertEquals("Ubuntu", r.get("NAME"));
        assertEquals("24.04.1 LTS (Noble Numbat)", r.get("VERSION"));
    }

    @Test
    void readsKernelHostnameAndUsesKernelArchitectureNames(@TempDir Path root) {
        Fixtures.write(root, "/usr/lib/os-release", String.join("\n", Fixtures.lines("os-release/debian-12")));
        Fixtures.write(root, "/proc/sys/kernel/osrelease", "6.1.0-18-amd64\n");
        Fixtures.write(root, "/proc/sys/kernel/hostname", "lab-07\n");
        OsInfo os = new LinuxOsProbe(FileSource.rootedAt(root), "amd64").read();
        assertEquals(new OsInfo("linux", "Debian GNU/Linux", "12 (bookworm)", "6.1.0-18-amd64", "x86_64", "lab-07"),
                os);
    }
}
