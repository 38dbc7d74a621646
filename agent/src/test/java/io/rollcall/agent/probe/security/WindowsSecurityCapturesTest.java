package io.rollcall.agent.probe.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.agent.os.windows.ListFormatWmi;
import io.rollcall.agent.os.windows.RegExportRegistry;
import io.rollcall.agent.probe.Fixtures;
import io.rollcall.common.report.Antivirus;
import io.rollcall.common.report.SecuritySection;
import io.rollcall.common.report.Tri;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** BitLocker, Security Center and firewall verdicts against captures from real machines (and the composed rest). */
class WindowsSecurityCapturesTest {
    private static final String DIR = "windows/security/";
    private static final String SC = WindowsSecurityProbe.SECURITY_CENTER;

    private static Path[] reg(String... names) {
        return Stream.of(names).map(n -> Fixtures.of(DIR + n)).toArray(Path[]::new);
    }

    private static Path[] win10Firewall() {
        return reg("firewall-10-DomainProfile-glpi.reg", "firewall-10-StandardProfile-glpi.reg",
                "firewall-10-PublicProfile-glpi.reg");
    }

    private static Path[] win7Firewall() {
        return reg("firewall-7-DomainProfile-glpi.reg", "firewall-7-StandardProfile-glpi.reg",
                "firewall-7-PublicProfile-glpi.reg");
    }

    private static Path[] plus(Path[] a, Path... b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(Path[]::new);
    }

    private static SecuritySection scan(ListFormatWmi wmi, Path... reg) {
        return new WindowsSecurityProbe(RegExportRegistry.of(reg), wmi, "C:").read();
    }

    private static SecuritySection bitlocker(String capture) {
        return scan(new ListFormatWmi().answer(WindowsSecurityProbe.BITLOCKER_NS, "Win32_EncryptableVolume",
                Fixtures.of(DIR + capture)), win10Firewall());
    }

    private static SecuritySection antivirus(String capture) {
        return scan(new ListFormatWmi().answer(SC, "AntiVirusProduct", Fixtures.of(DIR + capture)), win10Firewall());
    }

    @Test
    void bitlockerFullyEncryptedWithProtectionOnIsEncrypted() {
        SecuritySection s = bitlocker("bitlocker-win10-encrypted-glpi.txt");
        assertEquals(Tri.YES, s.diskEncryption());
        assertTrue(s.reasons().get("diskEncryption").contains("fully encrypted"));
    }

    @Test
    void bitlockerStaleProtectionOnAFullyDecryptedVolumeIsNotEncrypted() {
        SecuritySection s = bitlocker("bitlocker-decrypted-stale-protection.txt");
        assertEquals(Tri.NO, s.diskEncryption());
        assertTrue(s.reasons().get("diskEncryption").contains("fully decrypted"), s.reasons().toString());
        assertTrue(s.reasons().get("diskEncryption").contains("stale"), s.reasons().toString());
    }

    @Test
    void bitlockerTrustsGetProtectionStatusOverTheCachedProperty() {
        String volume = "\\\\?\\Volume{603eeb71-3202-4b56-86e9-46e56b970dce}\\";
        ListFormatWmi wmi = new ListFormatWmi()
                .answer(WindowsSecurityProbe.BITLOCKER_NS, "Win32_EncryptableVolume",
                        Fixtures.of(DIR + "bitlocker-encrypted-protection-property-on.txt"))
                .answerCall(WindowsSecurityProbe.BITLOCKER_NS,
                        io.rollcall.agent.os.windows.Wmi.objectPath("Win32_EncryptableVolume", "DeviceID", volume),
                        "GetProtectionStatus", Fixtures.of(DIR + "getprotectionstatus-off.txt"));
        SecuritySection s = scan(wmi, win10Firewall());
        assertEquals(Tri.NO, s.diskEncryption());
        assertTrue(s.reasons().get("diskEncryption").contains("suspended"), s.reasons().toString());
        // without the method (a Wmi that cannot call it) the property is what there is
        assertEquals(Tri.YES, bitlocker("bitlocker-encrypted-protection-property-on.txt").diskEncryption());
    }

    @Test
    void objectPathEscapesTheVolumeId() {
        assertEquals("Win32_EncryptableVolume.DeviceID=\"\\\\\\\\?\\\\Volume{1}\\\\\"",
                io.rollcall.agent.os.windows.Wmi.objectPath("Win32_EncryptableVolume", "DeviceID",
                        "\\\\?\\Volume{1}\\"));
    }

    @Test
    void bitlockerEncryptionInProgressIsNotYetEncrypted() {
        SecuritySection s = bitlocker("bitlocker-encrypting.txt");
        assertEquals(Tri.NO, s.diskEncryption());
        assertTrue(s.reasons().get("diskEncryption").contains("encryption in progress"), s.reasons().toString());
    }

    @Test
    void bitlockerWithoutAConversionStatusIsUnknownWithTheReason() {
        SecuritySection s = bitlocker("bitlocker-no-conversion-status.txt");
        assertEquals(Tri.UNKNOWN, s.diskEncryption());
        assertTrue(s.reasons().get("diskEncryption").contains("conversion status unknown"), s.reasons().toString());
    }

    @Test
    void securityCenterCaptureWithTwoActiveProductsAndPassiveDefender() {
        SecuritySection s = antivirus("antivirus-trendmicro-sophos-defender.txt");
        assertEquals(List.of(new Antivirus("Trend Micro Antivirus+", Tri.YES, Tri.YES),
                new Antivirus("Sophos Home", Tri.YES, Tri.YES),
                new Antivirus("Windows Defender", Tri.NO, Tri.YES)), s.antivirus());
        assertTrue(s.reasons().get("antivirus").contains("Windows Defender: off (productState 0x060100)"),
                s.reasons().toString());
    }

    @Test
    void expiredProductIsNeitherEnabledNorUpToDateAndSnoozedIsNotEnabled() {
        SecuritySection s = antivirus("antivirus-expired-and-snoozed.txt");
        assertEquals(List.of(new Antivirus("Norton Security Trial", Tri.NO, Tri.NO),
                new Antivirus("Avast Antivirus", Tri.NO, Tri.YES)), s.antivirus());
        String why = s.reasons().get("antivirus");
        assertTrue(why.contains("Norton Security Trial: expired (productState 0x043000)"), why);
        assertTrue(why.contains("Avast Antivirus: snoozed (productState 0x042000)"), why);
    }

    @Test
    void productStateNibbles() {
        assertEquals(SecurityCenterState.Product.EXPIRED, SecurityCenterState.product(0x043000));
        assertEquals(Tri.NO, SecurityCenterState.enabled(0x043000), "0x3000 has the 0x1000 bit but is expired");
        assertEquals(Tri.NO, SecurityCenterState.upToDate(0x043000));
        assertEquals(Tri.YES, SecurityCenterState.enabled(462848), "Symantec 0x071000: on");
        assertEquals(Tri.UNKNOWN, SecurityCenterState.enabled(0x04f000));
    }

    @Test
    void firewallOnInEveryProfileOfTheWindows10Capture() {
        SecuritySection s = scan(new ListFormatWmi(), win10Firewall());
        assertEquals(Tri.YES, s.firewallEnabled());
        assertTrue(!s.reasons().get("firewallEnabled").contains("set for"), s.reasons().toString());
    }

    @Test
    void firewallOffInEveryProfileOfTheWindows7Capture() {
        SecuritySection s = scan(new ListFormatWmi(), win7Firewall());
        assertEquals(Tri.NO, s.firewallEnabled());
        assertTrue(s.reasons().get("firewallEnabled").contains("domain, private, public"), s.reasons().toString());
    }

    @Test
    void intuneStoreTurningEveryProfileOnWinsOverTheLocalSwitch() {
        SecuritySection s = scan(new ListFormatWmi(), plus(win7Firewall(), reg("firewall-mdm-on.reg")));
        assertEquals(Tri.YES, s.firewallEnabled());
        assertTrue(s.reasons().get("firewallEnabled").contains("public by MDM"), s.reasons().toString());
    }

    @Test
    void intuneStoreTurningThePublicProfileOffIsFirewallOff() {
        SecuritySection s = scan(new ListFormatWmi(), plus(win10Firewall(), reg("firewall-mdm-public-off.reg")));
        assertEquals(Tri.NO, s.firewallEnabled());
        assertTrue(s.reasons().get("firewallEnabled").contains("off for the public profile (set for public by MDM)"),
                s.reasons().toString());
    }

    @Test
    void groupPolicyWinsOverTheIntuneStore() {
        SecuritySection s = scan(new ListFormatWmi(), plus(win10Firewall(),
                reg("firewall-mdm-on.reg", "firewall-gpo-public-off.reg")));
        assertEquals(Tri.NO, s.firewallEnabled());
        String why = s.reasons().get("firewallEnabled");
        assertTrue(why.contains("public by Group Policy"), why);
        assertTrue(why.contains("private by MDM"), why);
    }
}
