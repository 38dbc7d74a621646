package io.rollcall.agent.probe.security;

import io.rollcall.agent.os.windows.Registry;
import io.rollcall.agent.os.windows.Wmi;
import io.rollcall.agent.probe.updates.OsUpdatesProbe;
import io.rollcall.agent.probe.updates.OsUpdatesReading;
import io.rollcall.agent.probe.updates.SupportTable;
import io.rollcall.agent.probe.updates.WindowsOsUpdates;
import io.rollcall.common.report.Antivirus;
import io.rollcall.common.report.SecuritySection;
import io.rollcall.common.report.Tri;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The security section on Windows.
 * <ul>
 *   <li>Disk encryption: BitLocker's {@code Win32_EncryptableVolume} (ROOT\CIMV2\Security\MicrosoftVolumeEncryption)
 *       for the system drive; ProtectionStatus 1 is on, 0 off (also when encrypted but suspended), 2 unknown.</li>
 *   <li>Anti-malware: Windows Security Center's {@code AntiVirusProduct} (ROOT\SecurityCenter2) with its
 *       productState ({@link SecurityCenterState}); Microsoft Defender's signature age from
 *       {@code MSFT_MpComputerStatus} (ROOT\Microsoft\Windows\Defender) decides whether Defender is up to date, and
 *       stands in for Security Center on Windows Server, which has none.</li>
 *   <li>Firewall: Windows Defender Firewall's EnableFirewall per profile (domain, private, public), a Group Policy
 *       value overriding the local one; or a third-party product enabled in Security Center's
 *       {@code FirewallProduct}.</li>
 * </ul>
 * OS updates: {@link WindowsOsUpdates} (build and edition against the support table, last hotfix date), without a
 * Windows Update search, which takes minutes.
 */
public final class WindowsSecurityProbe implements SecurityProbe {
    static final String BITLOCKER_NS = "ROOT\\CIMV2\\Security\\MicrosoftVolumeEncryption";
    static final String SECURITY_CENTER = "ROOT\\SecurityCenter2";
    static final String DEFENDER_NS = "ROOT\\Microsoft\\Windows\\Defender";
    static final String FIREWALL_LOCAL = "HKLM\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters"
            + "\\FirewallPolicy\\";
    static final String FIREWALL_POLICY = "HKLM\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\";
    /** Local key name, Group Policy key name, and how people call the profile. */
    private static final String[][] PROFILES = {{"DomainProfile", "DomainProfile", "domain"},
            {"StandardProfile", "PrivateProfile", "private"}, {"PublicProfile", "PublicProfile", "public"}};

    private final Registry registry;
    private final Wmi wmi;
    private final String systemDrive;
    private final OsUpdatesProbe updates;

    /** @param systemDrive the drive Windows runs from, as %SystemDrive% gives it ("C:") */
    public WindowsSecurityProbe(Registry registry, Wmi wmi, String systemDrive) {
        this(registry, wmi, systemDrive, () -> new WindowsOsUpdates(registry, wmi, Clock.systemUTC(),
                ZoneId.systemDefault(), SupportTable.installed()).read());
    }

    /** @param updates whether Windows is serviced and updated ({@link WindowsOsUpdates}) */
    public WindowsSecurityProbe(Registry registry, Wmi wmi, String systemDrive, OsUpdatesProbe updates) {
        this.registry = registry;
        this.wmi = wmi;
        this.systemDrive = systemDrive == null || systemDrive.isBlank() ? "C:" : systemDrive.trim();
        this.updates = updates;
    }

    @Override
    public SecuritySection read() {
        Map<String, String> reasons = new LinkedHashMap<>();
        Check disk = LinuxSecurityProbe.guarded(this::bitlocker);
        Check firewall = LinuxSecurityProbe.guarded(this::firewall);
        List<Antivirus> av = new ArrayList<>();
        String avReason;
        try {
            avReason = antivirus(av);
        } catch (RuntimeException e) {
            avReason = "could not read Security Center: " + e.getMessage();
        }
        LinuxSecurityProbe.put(reasons, "diskEncryption", disk.reason());
        LinuxSecurityProbe.put(reasons, "firewallEnabled", firewall.reason());
        LinuxSecurityProbe.put(reasons, "antivirus", avReason);
        OsUpdatesReading os = OsUpdatesProbe.guarded(updates, null);
        LinuxSecurityProbe.put(reasons, "osUpToDate", os.reason());
        return new SecuritySection(disk.value(), firewall.value(), av, os.upToDate(), reasons, os.facts());
    }

    Check bitlocker() {
        Wmi.Result r = wmi.select(BITLOCKER_NS, "Win32_EncryptableVolume",
                List.of("DriveLetter", "ProtectionStatus", "ConversionStatus"));
        if (r.failure() != null) {
            return Check.unknown("BitLocker status unavailable (Windows Home has no BitLocker; the agent needs "
                    + "administrator rights): " + r.failure());
        }
        for (Map<String, Object> v : r.rows()) {
            if (!systemDrive.equalsIgnoreCase(String.valueOf(v.get("DriveLetter")))) {
                continue;
            }
            Long protection = Wmi.asLong(v.get("ProtectionStatus"));
            Long conversion = Wmi.asLong(v.get("ConversionStatus"));
            String state = conversionState(conversion);
            if (protection != null && protection == 1) {
                return Check.yes("BitLocker protection is on for " + systemDrive + " (" + state + ")");
            }
            if (protection != null && protection == 0) {
                return Check.no("BitLocker protection is off for " + systemDrive + " (" + state + ")"
                        + (conversion != null && conversion == 1 ? "; encrypted but protection is suspended" : ""));
            }
            return Check.unknown("BitLocker cannot tell the protection status of " + systemDrive + " (" + state
                    + ")");
        }
        return Check.unknown("BitLocker lists no volume " + systemDrive);
    }

    private static String conversionState(Long c) {
        if (c == null) {
            return "conversion status unknown";
        }
        return switch (c.intValue()) {
            case 0 -> "fully decrypted";
            case 1 -> "fully encrypted";
            case 2 -> "encryption in progress";
            case 3 -> "decryption in progress";
            case 4 -> "encryption paused";
            case 5 -> "decryption paused";
            default -> "conversion status " + c;
        };
    }

    Check firewall() {
        List<String> off = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        List<String> policy = new ArrayList<>();
        for (String[] p : PROFILES) {
            Long byPolicy = registry.number(FIREWALL_POLICY + p[1], "EnableFirewall").orElse(null);
            Long local = registry.number(FIREWALL_LOCAL + p[0], "EnableFirewall").orElse(null);
            Long value = byPolicy != null ? byPolicy : local;
            if (byPolicy != null) {
                policy.add(p[2]);
            }
            if (value == null) {
                unknown.add(p[2]);
            } else if (value == 0) {
                off.add(p[2]);
            }
        }
        String thirdParty = thirdPartyFirewall();
        if (thirdParty != null) {
            return Check.yes(thirdParty + " is enabled in Security Center");
        }
        String set = policy.isEmpty() ? "" : " (set by Group Policy for " + String.join(", ", policy) + ")";
        if (!off.isEmpty()) {
            return Check.no("Windows Defender Firewall is off for the " + String.join(", ", off) + " profile" + set);
        }
        if (!unknown.isEmpty()) {
            return Check.unknown("no EnableFirewall value for the " + String.join(", ", unknown) + " profile");
        }
        return Check.yes("Windows Defender Firewall is on for the domain, private and public profiles" + set);
    }

    private String thirdPartyFirewall() {
        Wmi.Result r = wmi.select(SECURITY_CENTER, "FirewallProduct", List.of("displayName", "productState"));
        for (Map<String, Object> v : r.rows()) {
            Long state = Wmi.asLong(v.get("productState"));
            if (state != null && SecurityCenterState.enabled(state) == Tri.YES) {
                return String.valueOf(v.get("displayName"));
            }
        }
        return null;
    }

    /** Fills {@code out}; returns what a technician should know. */
    String antivirus(List<Antivirus> out) {
        List<String> notes = new ArrayList<>();
        Wmi.Result defender = wmi.select(DEFENDER_NS, "MSFT_MpComputerStatus", List.of("AntivirusEnabled",
                "RealTimeProtectionEnabled", "AntivirusSignatureAge", "AntivirusSignatureLastUpdated"));
        Map<String, Object> mp = defender.rows().isEmpty() ? null : defender.rows().get(0);
        Tri defenderFresh = Tri.UNKNOWN;
        if (mp != null) {
            Long age = Wmi.asLong(mp.get("AntivirusSignatureAge"));
            if (age != null) {
                defenderFresh = Tri.of(age <= LinuxAntivirus.MAX_SIGNATURE_AGE.toDays());
                notes.add("Microsoft Defender signatures are " + age + " days old (limit "
                        + LinuxAntivirus.MAX_SIGNATURE_AGE.toDays() + ")");
            }
        }
        Wmi.Result sc = wmi.select(SECURITY_CENTER, "AntiVirusProduct", List.of("displayName", "productState"));
        if (sc.failure() == null) {
            for (Map<String, Object> v : sc.rows()) {
                String name = String.valueOf(v.get("displayName"));
                Long state = Wmi.asLong(v.get("productState"));
                Tri enabled = state == null ? Tri.UNKNOWN : SecurityCenterState.enabled(state);
                Tri upToDate = state == null ? Tri.UNKNOWN : SecurityCenterState.upToDate(state);
                if (isDefender(name) && defenderFresh != Tri.UNKNOWN) {
                    upToDate = defenderFresh;
                }
                out.add(new Antivirus(name, enabled, upToDate));
            }
        } else if (mp != null) {
            // Windows Server has no Security Center: Defender's own status is all there is
            Boolean on = Wmi.asBoolean(mp.get("AntivirusEnabled"));
            Boolean realTime = Wmi.asBoolean(mp.get("RealTimeProtectionEnabled"));
            out.add(new Antivirus("Microsoft Defender Antivirus",
                    on == null ? Tri.UNKNOWN : Tri.of(on && !Boolean.FALSE.equals(realTime)), defenderFresh));
            notes.add("Security Center unavailable: " + sc.failure());
        } else {
            notes.add("neither Security Center nor Microsoft Defender could be queried: " + sc.failure());
        }
        if (out.isEmpty() && sc.failure() == null) {
            notes.add(0, "Security Center lists no anti-malware product");
        }
        return String.join("; ", notes);
    }

    private static boolean isDefender(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.contains("defender");
    }
}
