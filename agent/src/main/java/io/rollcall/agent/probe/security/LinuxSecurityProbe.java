package io.rollcall.agent.probe.security;

import io.rollcall.agent.os.CommandRunner;
import io.rollcall.agent.os.FileSource;
import io.rollcall.common.report.SecuritySection;
import io.rollcall.common.report.Tri;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The security section on Linux: dm-crypt/LUKS under / and /home ({@link LinuxDiskEncryption}), the kernel's packet
 * filter ({@link LinuxFirewall}), anti-malware ({@link LinuxAntivirus}). Whether the OS is up to date is not
 * collected: the only reliable answer ({@code apt-get -s upgrade} against fresh package lists) takes seconds of CPU
 * per scan, so it is reported as unknown with that reason rather than guessed.
 */
public final class LinuxSecurityProbe implements SecurityProbe {
    static final String OS_UPDATES_NOT_CHECKED = "pending updates are not checked on Linux yet (apt-get -s upgrade "
            + "against fresh package lists takes seconds per scan)";

    private final LinuxDiskEncryption disk;
    private final LinuxFirewall firewall;
    private final LinuxAntivirus antivirus;

    public LinuxSecurityProbe(FileSource files, CommandRunner commands, Clock clock) {
        this.disk = new LinuxDiskEncryption(files);
        this.firewall = new LinuxFirewall(files, commands);
        this.antivirus = new LinuxAntivirus(files, clock);
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
        reasons.put("osUpToDate", OS_UPDATES_NOT_CHECKED);
        return new SecuritySection(encryption.value(), fw.value(), av.products(), Tri.UNKNOWN, reasons);
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
