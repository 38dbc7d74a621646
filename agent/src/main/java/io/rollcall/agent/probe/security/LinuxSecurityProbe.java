package io.rollcall.agent.probe.security;

import io.rollcall.agent.os.CommandRunner;
import io.rollcall.agent.os.FileSource;
import io.rollcall.agent.probe.updates.LinuxOsUpdates;
import io.rollcall.agent.probe.updates.OsUpdatesProbe;
import io.rollcall.agent.probe.updates.OsUpdatesReading;
import io.rollcall.agent.probe.updates.SupportTable;
import io.rollcall.common.report.SecuritySection;
import java.time.Clock;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The security section on Linux: dm-crypt/LUKS under / and /home ({@link LinuxDiskEncryption}), the kernel's packet
 * filter ({@link LinuxFirewall}), anti-malware ({@link LinuxAntivirus}), and whether the OS is up to date
 * ({@link LinuxOsUpdates}: support table, apt history, unattended-upgrades, pending security updates from the apt
 * lists, all from files).
 */
public final class LinuxSecurityProbe implements SecurityProbe {
    private final LinuxDiskEncryption disk;
    private final LinuxFirewall firewall;
    private final LinuxAntivirus antivirus;
    private final OsUpdatesProbe updates;

    public LinuxSecurityProbe(FileSource files, CommandRunner commands, Clock clock) {
        this.disk = new LinuxDiskEncryption(files);
        this.firewall = new LinuxFirewall(files, commands);
        this.antivirus = new LinuxAntivirus(files, clock);
        // the table is read per scan, so a replaced override file takes effect without a restart
        this.updates = () -> new LinuxOsUpdates(files, clock, ZoneId.systemDefault(), SupportTable.installed()).read();
    }

    @Override
    public SecuritySection read() {
        Map<String, String> reasons = new LinkedHashMap<>();
        Check encryption = guarded(disk::read);
        Check fw = guarded(firewall::read);
        LinuxAntivirus.Found av;
        try {
            av = antivirus.read();
        } catch (RuntimeException e) {
            av = new LinuxAntivirus.Found(java.util.List.of(), "could not look for scanners: " + e.getMessage());
        }
        put(reasons, "diskEncryption", encryption.reason());
        put(reasons, "firewallEnabled", fw.reason());
        put(reasons, "antivirus", av.reason());
        OsUpdatesReading os = OsUpdatesProbe.guarded(updates, null);
        put(reasons, "osUpToDate", os.reason());
        return new SecuritySection(encryption.value(), fw.value(), av.products(), os.upToDate(), reasons, os.facts());
    }

    /** One failing check must not lose the others. */
    static Check guarded(Supplier<Check> check) {
        try {
            return check.get();
        } catch (RuntimeException e) {
            return Check.unknown("could not check: " + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage()));
        }
    }

    static void put(Map<String, String> reasons, String field, String reason) {
        if (reason != null && !reason.isBlank()) {
            reasons.put(field, reason.length() > 2000 ? reason.substring(0, 2000) : reason);
        }
    }
}
