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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DpkgStatusTest {

    @Test
    void deinstalledAndPurgedPackagesAreNotReported() {
        List<SoftwareItem> items = DpkgStatus.items(DpkgStatus.parse(Fixtures.bytes("dpkg/status")), e -> null);
        assertEquals(List.of("bash", "libc6", "vlc"), items.stream().map(SoftwareItem::name).toList());
    }

    @Test
    void halfConfiguredPackageCountsBecauseItsFilesAreOnDisk() {
        List<DpkgStatus.Entry> entries = DpkgStatus.parse(Fixtures.bytes("dpkg/status"));
        assertEquals("half-configured", entries.get(3).state());
        assertEquals(5, entries.size());
    }

    @Test
    void fieldsMapToNameVersionAndTheDistributionAsPublisher() {
        SoftwareItem bash = DpkgStatus.items(DpkgStatus.parse(Fixtures.bytes("dpkg/status")), e -> null).get(0);
        assertEquals(new SoftwareItem("bash", "5.2.15-2+b7", "Debian", null, SoftwareSource.DPKG, null), bash);
    }

    @Test
    void maintainerAddressAtADistributionMakesTheDistributionThePublisherAndOthersKeepTheirName() {
        List<SoftwareItem> items = DpkgStatus.items(DpkgStatus.parse(Fixtures.bytes("dpkg/status-publishers")),
                e -> null);
        Map<String, String> publisher = new LinkedHashMap<>();
        items.forEach(i -> publisher.put(i.name(), i.publisher()));
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("bc", "Debian");                      // a developer's @debian.org address
        expected.put("at-spi2-common", "Debian");          // team list on alioth-lists.debian.net
        expected.put("cmake", "Debian");                   // team list on lists.alioth.debian.org
        expected.put("transmission-gtk", "Debian");
        expected.put("git", "Jonathan Nieder");            // a Debian maintainer writing from gmail: name only
        expected.put("google-cloud-cli", "Google Cloud CLI Authors"); // a URL, not an address
        expected.put("google-chrome-stable", "Chrome Linux Team");
        expected.put("coreutils", "Ubuntu");               // Ubuntu's own list wins over the Debian original
        expected.put("ubuntu-drivers-common", "Ubuntu");   // canonical.com
        expected.put("mintupdate", "Linux Mint");
        expected.put("nemo", "Debian");                    // a derivative's change of a Debian package
        assertEquals(expected, publisher);
    }

    @Test
    void originalMaintainerIsReadButContinuationLinesAreNot() {
        DpkgStatus.Entry coreutils = DpkgStatus.parse(Fixtures.bytes("dpkg/status-publishers")).get(7);
        assertEquals("Michael Stone <mstone@debian.org>", coreutils.originalMaintainer());
        assertNull(DpkgStatus.parse(Fixtures.bytes("dpkg/status")).get(0).originalMaintainer());
    }

    @Test
    void onlyTheKeptValuesAreDecodedAndABadByteCostsOneCharacterNotThePackage() {
        byte[] status = ("Package: caf\u00e9-tools\r\nStatus: install ok installed\r\n"
                + "Maintainer: Ren\u00e9e \uFFFF <r@example.org>\r\nDescription: x\r\n \u00fcber long text\r\n\r\n"
                + "Package: last\nStatus: install ok installed\nVersion: 1\nMaintainer: M\u00fcller <m@example.org>")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        // a lone 0xFF (never valid UTF-8) in place of the U+FFFF's three bytes
        int bad = new String(status, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf('\u00ef');
        status[bad] = (byte) 0xFF;
        status[bad + 1] = 'x';
        status[bad + 2] = 'y';
        List<DpkgStatus.Entry> entries = DpkgStatus.parse(status);
        assertEquals(2, entries.size());
        assertEquals("caf\u00e9-tools", entries.get(0).name());
        assertEquals("Ren\u00e9e \uFFFDxy <r@example.org>", entries.get(0).maintainer(), "CR dropped, bad byte replaced");
        assertEquals("installed", entries.get(0).state());
        assertEquals(new DpkgStatus.Entry("last", null, "1", "M\u00fcller <m@example.org>", "install ok installed", null),
                entries.get(1), "the last stanza needs no blank line after it");
    }

    @Test
    void thisMachinesStatusFileReadsAsItsLinesDo() throws Exception {
        Path real = Path.of("/var/lib/dpkg/status");
        byte[] bytes = Files.readAllBytes(real);
        List<DpkgStatus.Entry> expected = linesOracle(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(expected, DpkgStatus.parse(bytes));
        assertEquals(true, expected.size() > 100, "a Debian machine has a package list: " + expected.size());
    }

    /** The field rules applied to decoded lines, the way the parser read the file before it read bytes. */
    private static List<DpkgStatus.Entry> linesOracle(String text) {
        List<DpkgStatus.Entry> out = new java.util.ArrayList<>();
        Map<String, String> f = new java.util.HashMap<>();
        for (String line : (text + "\n\n").split("\n", -1)) {
            if (line.isBlank()) {
                if (f.get("Package") != null) {
                    out.add(new DpkgStatus.Entry(f.get("Package"), f.get("Architecture"), f.get("Version"),
                            f.get("Maintainer"), f.get("Status"), f.get("Original-Maintainer")));
                }
                f.clear();
            } else if (line.charAt(0) != ' ' && line.charAt(0) != '\t' && line.indexOf(':') > 0) {
                f.put(line.substring(0, line.indexOf(':')), line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return out;
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

    @Test
    void statusWordsAreSplitAsTheRegexSplitThem() {
        for (String status : new String[] {"install ok installed", "  deinstall ok config-files  ", "install\tok\tunpacked",
                "hold ok  half-configured", "install ok", "install ok installed extra", "", "   ", "a\u000Bb\fc"}) {
            String[] words = status.trim().split("\\s+");
            String expected = words.length == 3 ? words[2] : "";
            assertEquals(expected, new DpkgStatus.Entry("p", "amd64", "1", null, status, null).state(), status);
        }
        assertEquals("", new DpkgStatus.Entry("p", "amd64", "1", null, null, null).state());
    }
}
