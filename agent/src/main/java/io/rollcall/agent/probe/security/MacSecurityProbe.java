package io.rollcall.agent.probe.security;

import io.rollcall.agent.os.CommandResult;
import io.rollcall.agent.os.CommandRunner;
import io.rollcall.agent.os.FileSource;
import io.rollcall.agent.probe.updates.MacOsUpdates;
import io.rollcall.agent.probe.updates.OsUpdatesProbe;
import io.rollcall.agent.probe.updates.OsUpdatesReading;
import io.rollcall.agent.probe.updates.SupportTable;
import io.rollcall.common.report.Antivirus;
import io.rollcall.common.report.SecuritySection;
import io.rollcall.common.report.Tri;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The security section on macOS, from three commands that answer in milliseconds: {@code fdesetup status}
 * (FileVault), {@code socketfilterfw --getglobalstate} (the application firewall) and {@code spctl --status}
 * (Gatekeeper, which with XProtect is the system's built-in malware protection; XProtect's own signature age is not
 * read, so it is unknown). Whether macOS is serviced and updated comes from {@link MacOsUpdates}.
 */
public final class MacSecurityProbe implements SecurityProbe {
    static final String FDESETUP = "/usr/bin/fdesetup";
    static final String SOCKETFILTERFW = "/usr/libexec/ApplicationFirewall/socketfilterfw";
    static final String SPCTL = "/usr/sbin/spctl";
    static final String XPROTECT = "XProtect and Gatekeeper";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final java.util.regex.Pattern PROGRESS = java.util.regex.Pattern.compile(
            "(?im)^\\s*(Encryption|Decryption) in progress:\\s*(.*)$");

    private final CommandRunner commands;
    private final OsUpdatesProbe updates;

    public MacSecurityProbe(CommandRunner commands) {
        this(commands, () -> new MacOsUpdates(FileSource.system(), commands, Clock.systemUTC(), ZoneId.systemDefault(),
                SupportTable.installed()).read());
    }

    /** @param updates whether macOS is serviced and updated ({@link MacOsUpdates}) */
    public MacSecurityProbe(CommandRunner commands, OsUpdatesProbe updates) {
        this.commands = commands;
        this.updates = updates;
    }

    @Override
    public SecuritySection read() {
        Map<String, String> reasons = new LinkedHashMap<>();
        Check fv = fileVault(run(FDESETUP, "status"));
        Check fw = firewall(run(SOCKETFILTERFW, "--getglobalstate"));
        Check gk = gatekeeper(run(SPCTL, "--status"));
        LinuxSecurityProbe.put(reasons, "diskEncryption", fv.reason());
        LinuxSecurityProbe.put(reasons, "firewallEnabled", fw.reason());
        LinuxSecurityProbe.put(reasons, "antivirus", gk.reason() + "; XProtect signature age is not read");
        OsUpdatesReading os = OsUpdatesProbe.guarded(updates, null);
        LinuxSecurityProbe.put(reasons, "osUpToDate", os.reason());
        return new SecuritySection(fv.value(), fw.value(), List.of(new Antivirus(XPROTECT, gk.value(), Tri.UNKNOWN)),
                os.upToDate(), reasons, os.facts());
    }

    private CommandResult run(String... cmd) {
        return commands.run(List.of(cmd), TIMEOUT);
    }

    /**
     * {@code fdesetup status} (fdesetup(8)): "FileVault is On." or "FileVault is Off.", followed while the volume
     * converts by "Encryption in progress: Percent completed = N" (or "Encryption in progress: Pending" when the Mac
     * is not on its charger) or "Decryption in progress: …", and after enabling by "Deferred enablement appears to be
     * active for user '…'". "On" is printed from the moment encryption starts, so a conversion line decides before
     * the first line: a disk still being encrypted or decrypted is not encrypted (Jamf reads it the same way).
     */
    static Check fileVault(CommandResult r) {
        String out = joined(r);
        java.util.regex.Matcher progress = PROGRESS.matcher(out);
        if (progress.find()) {
            String direction = progress.group(1).toLowerCase(Locale.ROOT);
            String done = progress.group(2).strip();
            String how = done.matches("(?i)percent completed\\s*=\\s*[0-9.]+")
                    ? done.replaceAll("(?i)percent completed\\s*=\\s*", "") + "% done" : done;
            return Check.no("FileVault " + direction + " is still in progress (" + how + "): the disk is not yet "
                    + ("encryption".equals(direction) ? "fully encrypted" : "encrypted, and is being decrypted"));
        }
        if (out.startsWith("FileVault is On")) {
            return Check.yes(firstLine(r));
        }
        if (out.startsWith("FileVault is Off")) {
            return Check.no(out.contains("Deferred enablement") ? "FileVault is Off; enablement is deferred until "
                    + "the user next logs out or restarts" : firstLine(r));
        }
        return Check.unknown("fdesetup status gave no answer: " + why(r));
    }

    /** "Firewall is enabled. (State = 1)", "… blocking all non-essential … (State = 2)", "… disabled. (State = 0)". */
    static Check firewall(CommandResult r) {
        String out = joined(r).toLowerCase(Locale.ROOT);
        if (out.contains("state = 1") || out.contains("state = 2") || out.contains("firewall is enabled")
                || out.contains("firewall is blocking")) {
            return Check.yes("application firewall: " + firstLine(r));
        }
        if (out.contains("state = 0") || out.contains("firewall is disabled")) {
            return Check.no("application firewall: " + firstLine(r));
        }
        return Check.unknown("socketfilterfw gave no answer: " + why(r));
    }

    /** "assessments enabled" / "assessments disabled" (spctl(8)). */
    static Check gatekeeper(CommandResult r) {
        String out = joined(r);
        if (out.contains("assessments enabled")) {
            return Check.yes("Gatekeeper: assessments enabled");
        }
        if (out.contains("assessments disabled")) {
            return Check.no("Gatekeeper: assessments disabled");
        }
        return Check.unknown("spctl --status gave no answer: " + why(r));
    }

    private static String joined(CommandResult r) {
        return r.failure() == null ? String.join("\n", r.stdout()).trim() : "";
    }

    private static String firstLine(CommandResult r) {
        return r.stdout().stream().map(String::trim).filter(s -> !s.isEmpty()).findFirst().orElse("");
    }

    private static String why(CommandResult r) {
        return r.failure() != null ? r.failure() : "exit code " + r.exitCode() + ", output '" + joined(r) + "'";
    }
}
