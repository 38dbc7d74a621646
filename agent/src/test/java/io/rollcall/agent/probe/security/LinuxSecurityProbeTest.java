package io.rollcall.agent.probe.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.agent.os.CommandResult;
import io.rollcall.agent.os.CommandRunner;
import io.rollcall.agent.os.FileSource;
import io.rollcall.agent.probe.Fixtures;
import io.rollcall.common.report.Antivirus;
import io.rollcall.common.report.SecuritySection;
import io.rollcall.common.report.Tri;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinuxSecurityProbeTest {
    private static final Clock JAN_16_2024 = Clock.fixed(Instant.parse("2024-01-16T09:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path root;

    /** Commands answered from fixtures by their full command line; anything else "cannot start". */
    private final Map<String, CommandResult> answers = new HashMap<>();
    private final CommandRunner commands = (cmd, env, timeout) ->
            answers.getOrDefault(String.join(" ", cmd), CommandResult.failed("could not start " + cmd.get(0)));

    private SecuritySection scan(Clock clock) {
        return new LinuxSecurityProbe(FileSource.rootedAt(root), commands, clock).read();
    }

    private void mounts(String... lines) {
        Fixtures.write(root, "/proc/mounts", String.join("\n", lines) + "\n");
    }

    private void dm(String name, String mapped, String uuid, String... slaves) {
        Fixtures.write(root, "/sys/class/block/" + name + "/dm/uuid", uuid + "\n");
        Fixtures.write(root, "/sys/class/block/" + name + "/dm/name", mapped + "\n");
        for (String s : slaves) {
            Fixtures.write(root, "/sys/class/block/" + name + "/slaves/" + s, "");
        }
    }

    @Test
    void lvmOnLuksUnderRootAndHomeIsEncrypted() {
        mounts("/dev/mapper/vg-root / ext4 rw,relatime 0 0", "/dev/mapper/vg-home /home ext4 rw 0 0");
        dm("dm-0", "nvme0n1p3_crypt", "CRYPT-LUKS2-3f1c0a9e4b2d4f6a8c1e2b3d4f5a6b7c-nvme0n1p3_crypt", "nvme0n1p3");
        dm("dm-1", "vg-root", "LVM-abc", "dm-0");
        dm("dm-2", "vg-home", "LVM-def", "dm-0");
        Fixtures.write(root, "/sys/class/block/nvme0n1p3/partition", "3\n");
        SecuritySection s = scan(JAN_16_2024);
        assertEquals(Tri.YES, s.diskEncryption(), s.reasons().get("diskEncryption"));
        assertTrue(s.reasons().get("diskEncryption").contains("LUKS2"));
    }

    @Test
    void plainPartitionRootIsNotEncryptedEvenWhenHomeIs() {
        mounts("/dev/sda2 / ext4 rw 0 0", "/dev/mapper/home /home ext4 rw 0 0");
        Fixtures.write(root, "/sys/class/block/sda2/partition", "2\n");
        dm("dm-0", "home", "CRYPT-LUKS1-aa-home", "sda3");
        SecuritySection s = scan(JAN_16_2024);
        assertEquals(Tri.NO, s.diskEncryption());
        assertTrue(s.reasons().get("diskEncryption").contains("/ (/dev/sda2, ext4) is not on a dm-crypt"));
    }

    @Test
    void overlayRootIsUnknownNotUnencrypted() {
        mounts("overlay / overlay rw,lowerdir=/a 0 0");
        assertEquals(Tri.UNKNOWN, scan(JAN_16_2024).diskEncryption());
    }

    @Test
    void mountPointEscapesAreDecoded() {
        assertEquals("/media/my stick", LinuxDiskEncryption.unescape("/media/my\\040stick"));
    }

    @Test
    void ufwPolicyDropOnInputIsAFirewall() throws IOException {
        Fixtures.write(root, "/usr/sbin/nft", "");
        answers.put("/usr/sbin/nft list ruleset", ok("nft-ufw.txt"));
        SecuritySection s = scan(JAN_16_2024);
        assertEquals(Tri.YES, s.firewallEnabled());
        assertTrue(s.reasons().get("firewallEnabled").contains("ip filter/INPUT: policy drop"));
    }

    @Test
    void firewalldRejectAtTheEndOfTheInputChainIsAFirewall() throws IOException {
        assertTrue(LinuxFirewallRules.nftRuleset(lines("nft-firewalld.txt")).filtersInput());
    }

    @Test
    void dockerForwardRulesAloneAreNoFirewall() throws IOException {
        LinuxFirewallRules.Verdict v = LinuxFirewallRules.nftRuleset(lines("nft-docker-only.txt"));
        assertFalse(v.filtersInput(), v.summary());
    }

    @Test
    void legacyIptablesRejectReachedFromInputIsAFirewall() throws IOException {
        LinuxFirewallRules.Verdict v = LinuxFirewallRules.iptablesRules(lines("iptables-ufw-legacy.txt"));
        assertTrue(v.filtersInput(), v.summary());
        assertTrue(v.summary().contains("ufw-user-input"));
        assertFalse(LinuxFirewallRules.iptablesRules(List.of("-P INPUT ACCEPT", "-A INPUT -i lo -j ACCEPT"))
                .filtersInput());
    }

    @Test
    void rulesUnreadableWithoutRootButUfwEnabledCountsFromItsConfig() {
        Fixtures.write(root, "/usr/sbin/nft", "");
        Fixtures.write(root, "/usr/sbin/ufw", "");
        Fixtures.write(root, "/etc/ufw/ufw.conf", "# /etc/ufw/ufw.conf\nENABLED=yes\nLOGLEVEL=low\n");
        answers.put("/usr/sbin/nft list ruleset", new CommandResult(1, List.of(), null));
        SecuritySection s = scan(JAN_16_2024);
        assertEquals(Tri.YES, s.firewallEnabled());
        assertTrue(s.reasons().get("firewallEnabled").contains("nft list ruleset failed (exit code 1)"));
    }

    @Test
    void rulesUnreadableAndNoFrontEndIsUnknownWithTheReason() {
        Fixtures.write(root, "/usr/sbin/nft", "");
        answers.put("/usr/sbin/nft list ruleset", new CommandResult(1, List.of(), null));
        SecuritySection s = scan(JAN_16_2024);
        assertEquals(Tri.UNKNOWN, s.firewallEnabled());
        assertTrue(s.reasons().get("firewallEnabled").contains("needs root"));
    }

    @Test
    void noFirewallSoftwareAndNoTablesIsNoFirewall() {
        Fixtures.write(root, "/proc/net/ip_tables_names", "");
        assertEquals(Tri.NO, scan(JAN_16_2024).firewallEnabled());
    }

    @Test
    void clamavWithRunningDaemonAndTwoDayOldSignaturesIsEnabledAndUpToDate() throws IOException {
        clamav();
        Fixtures.write(root, "/proc/812/comm", "clamd\n");
        Antivirus av = scan(JAN_16_2024).antivirus().get(0);
        assertEquals(new Antivirus("ClamAV", Tri.YES, Tri.YES), av);
    }

    @Test
    void clamavSignaturesOlderThanAWeekAreOutOfDateAndOnDemandOnlyIsNotEnabled() throws IOException {
        clamav();
        Fixtures.write(root, "/proc/1/comm", "systemd\n");
        SecuritySection s = scan(Clock.offset(JAN_16_2024, java.time.Duration.ofDays(10)));
        assertEquals(new Antivirus("ClamAV", Tri.NO, Tri.NO), s.antivirus().get(0));
        assertTrue(s.reasons().get("antivirus").contains("clamd is not running"), s.reasons().toString());
    }

    @Test
    void cvdHeaderBuildTimeIsParsedWithItsZone() throws IOException {
        var h = ClamavDatabase.parseHeader(Files.readAllBytes(Fixtures.resource("security/daily-header.bin")));
        assertEquals(Instant.parse("2024-01-14T09:21:00Z"), h.orElseThrow().builtAt());
        assertEquals(27154, h.orElseThrow().version());
        assertTrue(ClamavDatabase.parseHeader("not a database".getBytes()).isEmpty());
    }

    @Test
    void noScannerGivesAnEmptyListWithAReasonAndOsUpdatesStayUnknown() {
        SecuritySection s = scan(JAN_16_2024);
        assertTrue(s.antivirus().isEmpty());
        assertTrue(s.reasons().get("antivirus").startsWith("no anti-malware scanner found"));
        assertEquals(Tri.UNKNOWN, s.osUpToDate());
        // an empty tree: no os-release and no apt history, so neither support nor the last update is known
        assertTrue(s.reasons().get("osUpToDate").contains("the release could not be read"), s.reasons().toString());
        assertTrue(s.reasons().get("osUpToDate").contains("no installed OS update found"), s.reasons().toString());
        assertEquals("unknown", s.osUpdates().support());
    }

    private void clamav() throws IOException {
        Fixtures.write(root, "/usr/bin/clamscan", "");
        Path db = root.resolve("var/lib/clamav/daily.cvd");
        Files.createDirectories(db.getParent());
        Files.copy(Fixtures.resource("security/daily-header.bin"), db);
    }

    private static List<String> lines(String name) {
        return Fixtures.lines("security/" + name);
    }

    private static CommandResult ok(String fixture) {
        return new CommandResult(0, lines(fixture), null);
    }
}
