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
 *       for the system drive: encrypted only when ConversionStatus is 1 (fully encrypted) and GetProtectionStatus()
 *       says 1 (on; 0 off, also when encrypted but suspended, 2 unknown).</li>
 *   <li>Anti-malware: Windows Security Center's {@code AntiVirusProduct} (ROOT\SecurityCenter2) with its
 *       productState ({@link SecurityCenterState}); Microsoft Defender's signature age from
 *       {@code MSFT_MpComputerStatus} (ROOT\Microsoft\Windows\Defender) decides whether Defender is up to date, and
 *       stands in for Security Center on Windows Server, which has none.</li>
 *   <li>Firewall: Windows Defender Firewall's EnableFirewall per profile (domain, private, public): Group Policy
 *       over Intune's MDM store over the local value; or a third-party product enabled in Security Center's
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
    static final String FIREWALL_MDM = FIREWALL_LOCAL + "Mdm\\";
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
                List.of("DeviceID", "DriveLetter", "ProtectionStatus", "ConversionStatus"));
        if (r.failure() != null) {
            return Check.unknown("BitLocker status unavailable (Windows Home has no BitLocker; the agent needs "
                    + "administrator rights): " + r.failure());
        }
        for (Map<String, Object> v : r.rows()) {
            if (!systemDrive.equalsIgnoreCase(String.valueOf(v.get("DriveLetter")))) {
                continue;
            }
            return bitlockerVerdict(protectionStatus(v), Wmi.asLong(v.get("ConversionStatus")));
        }
        return Check.unknown("BitLocker lists no volume " + systemDrive);
    }

    /**
     * GetProtectionStatus() evaluated now, as osquery does since it found the ProtectionStatus property stale; the
     * property only when the method cannot be called.
     */
    private Long protectionStatus(Map<String, Object> volume) {
        Long property = Wmi.asLong(volume.get("ProtectionStatus"));
        if (!(volume.get("DeviceID") instanceof String id) || id.isBlank()) {
            return property;
        }
        Wmi.Result r = wmi.call(BITLOCKER_NS, Wmi.objectPath("Win32_EncryptableVolume", "DeviceID", id),
                "GetProtectionStatus", List.of("ReturnValue", "ProtectionStatus"));
        if (r.failure() != null || r.rows().isEmpty()) {
            return property;
        }
        Long rc = Wmi.asLong(r.rows().get(0).get("ReturnValue"));
        Long fresh = Wmi.asLong(r.rows().get(0).get("ProtectionStatus"));
        return rc != null && rc == 0 && fresh != null ? fresh : property;
    }

    /**
     * Encrypted only when the volume is fully encrypted and protection is on. ProtectionStatus alone is not trusted:
     * osquery found it left at 1 on Windows 11 24H2 for fully decrypted volumes, so ConversionStatus decides whether
     * the data is encrypted at all and ProtectionStatus only whether the key is protected.
     */
    private Check bitlockerVerdict(Long protection, Long conversion) {
        String state = conversionState(conversion);
        if (conversion == null || conversion < 0 || conversion > 5) {
            return Check.unknown("BitLocker cannot tell whether " + systemDrive + " is encrypted (" + state + ")");
        }
        if (conversion == 0) {
            return Check.no("BitLocker: " + systemDrive + " is fully decrypted"
                    + (protection != null && protection == 1 ? " (ProtectionStatus still says on, a stale value)" : ""));
        }
        if (conversion == 2 || conversion == 4) {
            return Check.no("BitLocker: " + systemDrive + " is not fully encrypted yet (" + state + ")");
        }
        if (conversion != 1) {
            return Check.no("BitLocker: " + systemDrive + " is being decrypted (" + state + ")");
        }
        if (protection != null && protection == 1) {
            return Check.yes("BitLocker protection is on for " + systemDrive + " (" + state + ")");
        }
        if (protection != null && protection == 0) {
            return Check.no("BitLocker protection is off for " + systemDrive + " (" + state
                    + "; encrypted but protection is suspended)");
        }
        return Check.unknown("BitLocker cannot tell the protection status of " + systemDrive + " (" + state + ")");
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

    /**
     * Each profile's EnableFirewall from the store that wins: Group Policy, then the MDM store Intune's Firewall CSP
     * writes (FirewallPolicy\Mdm), then the local setting. Group Policy over local is the merge rule of MS-FASP 3.1.1;
     * MDM does not win over Group Policy because MDMWinsOverGP covers the Policy CSP only, not the Firewall CSP
     * (Policy CSP - ControlPolicyConflict). On only when every profile is on.
     */
    Check firewall() {
        List<String> off = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        List<String> managed = new ArrayList<>();
        for (String[] p : PROFILES) {
            String[] winner = firewallSetting(p);
            if (winner == null) {
                unknown.add(p[2]);
                continue;
            }
            if (!winner[1].equals("local")) {
                managed.add(p[2] + " by " + winner[1]);
            }
            if (winner[0].equals("0")) {
                off.add(p[2]);
            }
        }
        String thirdParty = thirdPartyFirewall();
        if (thirdParty != null) {
            return Check.yes(thirdParty + " is enabled in Security Center");
        }
        String set = managed.isEmpty() ? "" : " (set for " + String.join(", ", managed) + ")";
        if (!off.isEmpty()) {
            return Check.no("Windows Defender Firewall is off for the " + String.join(", ", off) + " profile" + set);
        }
        if (!unknown.isEmpty()) {
            return Check.unknown("no EnableFirewall value for the " + String.join(", ", unknown) + " profile" + set);
        }
        return Check.yes("Windows Defender Firewall is on for the domain, private and public profiles" + set);
    }

    /** The winning EnableFirewall value of one profile and the store it came from; {@code null} when none sets it. */
    private String[] firewallSetting(String[] profile) {
        Long byPolicy = registry.number(FIREWALL_POLICY + profile[1], "EnableFirewall").orElse(null);
        if (byPolicy != null) {
            return new String[] {byPolicy == 0 ? "0" : "1", "Group Policy"};
        }
        // the Firewall CSP names the private profile PrivateProfile; StandardProfile is read too, as the local store
        // names it, in case a build writes that
        for (String name : new String[] {profile[1], profile[0]}) {
            Long mdm = registry.number(FIREWALL_MDM + name, "EnableFirewall").orElse(null);
            if (mdm != null) {
                return new String[] {mdm == 0 ? "0" : "1", "MDM"};
            }
        }
        Long local = registry.number(FIREWALL_LOCAL + profile[0], "EnableFirewall").orElse(null);
        return local == null ? null : new String[] {local == 0 ? "0" : "1", "local"};
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
                boolean expired = state != null
                        && SecurityCenterState.product(state) == SecurityCenterState.Product.EXPIRED;
                if (isDefender(name) && defenderFresh != Tri.UNKNOWN && !expired) {
                    upToDate = defenderFresh;
                }
                if (state == null) {
                    notes.add(name + ": Security Center gives no productState");
                } else if (enabled != Tri.YES || upToDate == Tri.NO) {
                    notes.add(name + ": " + SecurityCenterState.describe(state));
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
