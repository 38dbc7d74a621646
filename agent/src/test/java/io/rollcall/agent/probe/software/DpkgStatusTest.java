package io.rollcall.agent.probe.software;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.rollcall.agent.os.CommandRunner;
import io.rollcall.agent.os.FileSource;
import io.rollcall.agent.probe.Fixtures;
import io.rollcall.common.report.SoftwareItem;
import io.rollcall.common.report.SoftwareSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DpkgStatusTest {

    @Test
    void deinstalledAndPurgedPackagesAreNotReported() {
        List<SoftwareItem> items = DpkgStatus.items(DpkgStatus.parse(Fixtures.lines("dpkg/status")), e -> null);
        assertEquals(List.of("bash", "libc6", "vlc"), items.stream().map(SoftwareItem::name).toList());
    }

    @Test
    void halfConfiguredPackageCountsBecauseItsFilesAreOnDisk() {
        List<DpkgStatus.Entry> entries = DpkgStatus.parse(Fixtures.lines("dpkg/status"));
        assertEquals("half-configured", entries.get(3).state());
        assertEquals(5, entries.size());
    }

    @Test
    void fieldsMapToNameVersionAndMaintainerWithoutEmail() {
        SoftwareItem bash = DpkgStatus.items(DpkgStatus.parse(Fixtures.lines("dpkg/status")), e -> null).get(0);
        assertEquals(new SoftwareItem("bash", "5.2.15-2+b7", "Matthias Klose", null, SoftwareSource.DPKG, null), bash);
    }

    @Test
    void installedAtIsTheModificationTimeOfTheFileListIncludingMultiArchNames(@TempDir Path root) throws Exception {
        Fixtures.write(root, "/var/lib/dpkg/status", String.join("\n", Fixtures.lines("dpkg/status")) + "\n");
        Path bashList = Fixtures.write(root, "/var/lib/dpkg/info/bash.list", "/bin/bash\n");
        Path libcList = Fixtures.write(root, "/var/lib/dpkg/info/libc6:amd64.list", "/lib\n");
        Files.setLastModifiedTime(bashList, FileTime.from(Instant.parse("2024-03-01T10:00:00Z")));
        Files.setLastModifiedTime(libcList, FileTime.from(Instant.parse("2025-01-02T03:04:05Z")));
        CommandRunner none = (cmd, env, timeout) -> { throw new AssertionError("no tool should run: " + cmd); };

        SoftwareProbe.Inventory inv = new LinuxSoftwareProbe(FileSource.rootedAt(root), none).read();

        assertEquals(Instant.parse("2024-03-01T10:00:00Z"), inv.items().get(0).installedAt());
        assertEquals(Instant.parse("2025-01-02T03:04:05Z"), inv.items().get(1).installedAt());
        assertNull(inv.items().get(2).installedAt());
        assertEquals(List.of(), inv.problems());
    }
}
