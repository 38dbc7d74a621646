package io.rollcall.agent.probe.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.rollcall.agent.os.CommandResult;
import io.rollcall.agent.os.CommandRunner;
import io.rollcall.agent.os.FileSource;
import io.rollcall.agent.probe.Fixtures;
import io.rollcall.agent.probe.updates.MacOsUpdates;
import io.rollcall.agent.probe.updates.SupportTable;
import io.rollcall.common.report.Antivirus;
import io.rollcall.common.report.SecuritySection;
import io.rollcall.common.report.Tri;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class MacSecurityProbeTest {
    private final CommandRunner commands = mock(CommandRunner.class);

    private void answer(List<String> cmd, String fixture) {
        when(commands.run(eq(cmd), any(Duration.class)))
                .thenReturn(new CommandResult(0, Fixtures.lines("../macos/" + fixture), null));
    }

    private SecuritySection scan(String fde, String fw) {
        answer(List.of(MacSecurityProbe.FDESETUP, "status"), fde);
        answer(List.of(MacSecurityProbe.SOCKETFILTERFW, "--getglobalstate"), fw);
        answer(List.of(MacSecurityProbe.SPCTL, "--status"), "spctl-on.txt");
        return new MacSecurityProbe(commands).read();
    }

    @Test
    void fileVaultOnFirewallOnGatekeeperOn() {
        SecuritySection s = scan("fdesetup-on.txt", "socketfilterfw-on.txt");
        assertEquals(Tri.YES, s.diskEncryption());
        assertEquals(Tri.YES, s.firewallEnabled());
        assertEquals(List.of(new Antivirus(MacSecurityProbe.XPROTECT, Tri.YES, Tri.UNKNOWN)), s.antivirus());
    }

    @Test
    void fileVaultOffAndFirewallOff() {
        SecuritySection s = scan("fdesetup-off.txt", "socketfilterfw-off.txt");
        assertEquals(Tri.NO, s.diskEncryption());
        assertEquals(Tri.NO, s.firewallEnabled());
    }

    @Test
    void encryptionInProgressUnderFileVaultIsOnIsNotYetEncrypted() {
        SecuritySection s = scan("fdesetup-progress.txt", "socketfilterfw-on.txt");
        assertEquals(Tri.NO, s.diskEncryption(), "fdesetup prints 'FileVault is On.' while it encrypts");
        assertTrue(s.reasons().get("diskEncryption").contains("encryption is still in progress (37.4% done)"),
                s.reasons().get("diskEncryption"));
    }

    @Test
    void encryptionPendingOnBatteryIsNotYetEncrypted() {
        SecuritySection s = scan("fdesetup-pending.txt", "socketfilterfw-on.txt");
        assertEquals(Tri.NO, s.diskEncryption());
        assertTrue(s.reasons().get("diskEncryption").contains("(Pending)"), s.reasons().get("diskEncryption"));
    }

    @Test
    void decryptionInProgressIsNotEncrypted() {
        SecuritySection s = scan("fdesetup-decrypting.txt", "socketfilterfw-on.txt");
        assertEquals(Tri.NO, s.diskEncryption());
        assertTrue(s.reasons().get("diskEncryption").contains("decryption is still in progress (73% done)"),
                s.reasons().get("diskEncryption"));
    }

    @Test
    void deferredEnablementIsStillOff() {
        SecuritySection s = scan("fdesetup-deferred.txt", "socketfilterfw-on.txt");
        assertEquals(Tri.NO, s.diskEncryption());
        assertTrue(s.reasons().get("diskEncryption").contains("deferred"), s.reasons().get("diskEncryption"));
    }

    @Test
    void aCommandThatCannotRunIsUnknownWithItsReason() {
        when(commands.run(any(), any(Duration.class))).thenReturn(CommandResult.failed("could not start fdesetup"));
        SecuritySection s = new MacSecurityProbe(commands).read();
        assertEquals(Tri.UNKNOWN, s.diskEncryption());
        assertTrue(s.reasons().get("diskEncryption").contains("could not start fdesetup"));
    }

    @Test
    void osUpdatesComeFromTheUpdateCheckIntoTheSection(@org.junit.jupiter.api.io.TempDir java.nio.file.Path root) {
        answer(List.of(MacSecurityProbe.FDESETUP, "status"), "fdesetup-on.txt");
        answer(List.of(MacSecurityProbe.SOCKETFILTERFW, "--getglobalstate"), "socketfilterfw-on.txt");
        answer(List.of(MacSecurityProbe.SPCTL, "--status"), "spctl-on.txt");
        answer(List.of("/usr/bin/sw_vers", "-productVersion"), "updates/sw_vers-14.txt");
        when(commands.run(eq(List.of("/usr/sbin/softwareupdate", "--history")), any(Duration.class)))
                .thenReturn(new CommandResult(0, Fixtures.lines("../macos/updates/softwareupdate-history.txt"), null));
        MacOsUpdates updates = new MacOsUpdates(FileSource.rootedAt(root), commands,
                Clock.fixed(Instant.parse("2024-05-20T00:00:00Z"), ZoneOffset.UTC), ZoneOffset.UTC,
                SupportTable.bundled());
        SecuritySection s = new MacSecurityProbe(commands, updates).read();
        assertEquals(Tri.YES, s.osUpToDate(), s.reasons().toString());
        assertEquals(Instant.parse("2024-05-14T19:41:07Z"), s.osUpdates().lastUpdateAt());
        assertEquals("macOS 14 Sonoma", s.osUpdates().release());
        assertTrue(s.reasons().get("osUpToDate").contains("from softwareupdate --history"), s.reasons().toString());
    }
}
