package io.rollcall.agent.probe.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.agent.os.windows.ListFormatWmi;
import io.rollcall.agent.os.windows.RegExportRegistry;
import io.rollcall.agent.probe.Fixtures;
import io.rollcall.agent.probe.updates.SupportTable;
import io.rollcall.agent.probe.updates.WindowsOsUpdates;
import io.rollcall.common.report.Antivirus;
import io.rollcall.common.report.SecuritySection;
import io.rollcall.common.report.Tri;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowsSecurityProbeTest {
    private static final String SC = WindowsSecurityProbe.SECURITY_CENTER;

    private static SecuritySection scan(String firewallReg, ListFormatWmi wmi) {
        return new WindowsSecurityProbe(RegExportRegistry.of(Fixtures.of("windows/" + firewallReg)), wmi, "C:")
                .read();
    }

    private static ListFormatWmi wmi() {
        return new ListFormatWmi();
    }

    @Test
    void bitlockerOnForTheSystemDriveIsEncryptedEvenIfAnotherDriveIsNot() {
        SecuritySection s = scan("firewall-on.reg", wmi().answer(WindowsSecurityProbe.BITLOCKER_NS,
                "Win32_EncryptableVolume", Fixtures.of("windows/wmi/encryptablevolume-c-on.txt")));
        assertEquals(Tri.YES, s.diskEncryption());
    }

    @Test
    void suspendedBitlockerIsNotProtection() {
        SecuritySection s = scan("firewall-on.reg", wmi().answer(WindowsSecurityProbe.BITLOCKER_NS,
                "Win32_EncryptableVolume", Fixtures.of("windows/wmi/encryptablevolume-c-suspended.txt")));
        assertEquals(Tri.NO, s.diskEncryption());
        assertTrue(s.reasons().get("diskEncryption").contains("suspended"));
    }

    @Test
    void noBitlockerClassIsUnknownWithTheReason() {
        SecuritySection s = scan("firewall-on.reg", wmi());
        assertEquals(Tri.UNKNOWN, s.diskEncryption());
        assertTrue(s.reasons().get("diskEncryption").contains("Invalid class"));
    }

    @Test
    void passiveDefenderBesideAnActiveThirdPartyProduct() {
        SecuritySection s = scan("firewall-on.reg", wmi().answer(SC, "AntiVirusProduct",
                Fixtures.of("windows/wmi/antivirus-defender-and-sophos.txt")));
        assertEquals(List.of(new Antivirus("Windows Defender", Tri.NO, Tri.YES),
                new Antivirus("Sophos Anti-Virus", Tri.YES, Tri.YES)), s.antivirus());
    }

    @Test
    void defenderSignaturesTwelveDaysOldAreOutOfDateWhateverSecurityCenterSays() {
        SecuritySection s = scan("firewall-on.reg", wmi()
                .answer(SC, "AntiVirusProduct", Fixtures.of("windows/wmi/antivirus-defender-only.txt"))
                .answer(WindowsSecurityProbe.DEFENDER_NS, "MSFT_MpComputerStatus",
                        Fixtures.of("windows/wmi/mpcomputerstatus-stale.txt")));
        assertEquals(List.of(new Antivirus("Windows Defender", Tri.YES, Tri.NO)), s.antivirus());
        assertTrue(s.reasons().get("antivirus").contains("12 days old"));
    }

    @Test
    void windowsServerWithoutSecurityCenterFallsBackToDefendersOwnStatus() {
        SecuritySection s = scan("firewall-on.reg", wmi().answer(WindowsSecurityProbe.DEFENDER_NS,
                "MSFT_MpComputerStatus", Fixtures.of("windows/wmi/mpcomputerstatus-stale.txt")));
        assertEquals(List.of(new Antivirus("Microsoft Defender Antivirus", Tri.YES, Tri.NO)), s.antivirus());
    }

    @Test
    void firewallOnForEveryProfile() {
        assertEquals(Tri.YES, scan("firewall-on.reg", wmi()).firewallEnabled());
    }

    @Test
    void publicProfileSwitchedOffByTheUserIsFirewallOff() {
        SecuritySection s = scan("firewall-public-off-by-user.reg", wmi());
        assertEquals(Tri.NO, s.firewallEnabled());
        assertTrue(s.reasons().get("firewallEnabled").contains("public"));
    }

    @Test
    void groupPolicyTurningTheFirewallOnOverridesTheLocalSwitch() {
        SecuritySection s = scan("firewall-policy-on.reg", wmi());
        assertEquals(Tri.YES, s.firewallEnabled());
        assertTrue(s.reasons().get("firewallEnabled").contains("Group Policy"));
    }

    @Test
    void productStateDecoding() {
        assertEquals(Tri.YES, SecurityCenterState.enabled(397568));
        assertEquals(Tri.NO, SecurityCenterState.enabled(393472));
        assertEquals(Tri.NO, SecurityCenterState.upToDate(397584));
        assertEquals(Tri.YES, SecurityCenterState.upToDate(397568));
    }

    @Test
    void osUpdatesComeFromTheUpdateCheckIntoTheSection() {
        RegExportRegistry registry = RegExportRegistry.of(Fixtures.of("windows/firewall-on.reg"),
                Fixtures.of("windows/updates/currentversion-23h2-education.reg"));
        ListFormatWmi w = wmi().answer("ROOT\\CIMV2", "Win32_QuickFixEngineering",
                Fixtures.of("windows/updates/qfe-monthly.txt"));
        WindowsOsUpdates updates = new WindowsOsUpdates(registry, w,
                Clock.fixed(Instant.parse("2026-12-06T09:00:00Z"), ZoneOffset.UTC), ZoneOffset.UTC,
                SupportTable.bundled());
        SecuritySection s = new WindowsSecurityProbe(registry, w, "C:", updates).read();
        assertEquals(Tri.NO, s.osUpToDate());
        assertEquals("end-of-servicing", s.osUpdates().support());
        assertTrue(s.reasons().get("osUpToDate").contains("Windows 11 23H2 enterprise-education stopped getting "
                + "security updates after 2026-11-10"), s.reasons().toString());
    }
}
