package io.rollcall.agent.probe.updates;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two logs that say when a Debian or Ubuntu system last installed updates. Both write local time. Pure.
 * <ul>
 *   <li>{@code /var/log/apt/history.log}: one stanza per apt run ({@code Start-Date:}, {@code Commandline:},
 *       {@code Upgrade:}/{@code Install:}/{@code Remove:}, {@code Error:}, {@code End-Date:}). A run with an
 *       {@code Upgrade:} line and no {@code Error:} line installed newer versions of installed packages, which is
 *       what every security or point-release update is; the log does not record the archive, so it cannot tell a
 *       security update from any other upgrade.</li>
 *   <li>{@code /var/log/unattended-upgrades/unattended-upgrades.log}: per run, "Starting unattended upgrades script",
 *       then "Packages that will be upgraded: …" and "All upgrades installed", or "No packages found that can be
 *       upgraded unattended and no pending auto-removals". A run with "Option --dry-run given" installed nothing.</li>
 * </ul>
 */
public final class AptLogs {
    private static final DateTimeFormatter HISTORY = DateTimeFormatter.ofPattern("yyyy-MM-dd  HH:mm:ss");
    private static final Pattern UU_LINE = Pattern.compile(
            "^(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}),\\d+ \\w+ (.*)$");
    private static final DateTimeFormatter UU = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /**
     * What the unattended-upgrades log says.
     *
     * @param lastInstalled the end of the last run that installed upgrades
     * @param lastNothingToDo the last run that found nothing to upgrade
     */
    public record Unattended(Optional<Instant> lastInstalled, Optional<Instant> lastNothingToDo) {
    }

    private AptLogs() {
    }

    /** The start of the last successful apt run that upgraded packages, in {@code lines} of history.log. */
    public static Optional<Instant> lastUpgrade(List<String> lines, ZoneId zone) {
        Instant last = null;
        Instant start = null;
        boolean upgraded = false;
        boolean failed = false;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.startsWith("Start-Date:")) {
                last = later(last, upgraded && !failed ? start : null);
                start = historyTime(line.substring("Start-Date:".length()), zone);
                upgraded = false;
                failed = false;
            } else if (line.startsWith("Upgrade:")) {
                upgraded = true;
            } else if (line.startsWith("Error:")) {
                failed = true;
            }
        }
        return Optional.ofNullable(later(last, upgraded && !failed ? start : null));
    }

    /** The unattended-upgrades log's last installing run and last run that found nothing to install. */
    public static Unattended unattended(List<String> lines, ZoneId zone) {
        Instant installed = null;
        Instant nothing = null;
        boolean dryRun = false;
        for (String raw : lines) {
            Matcher m = UU_LINE.matcher(raw.strip());
            if (!m.matches()) {
                continue;
            }
            String msg = m.group(2);
            Instant at;
            try {
                at = LocalDateTime.parse(m.group(1), UU).atZone(zone).toInstant();
            } catch (DateTimeParseException e) {
                continue;
            }
            if (msg.startsWith("Starting unattended upgrades script")) {
                dryRun = false;
            } else if (msg.startsWith("Option --dry-run given")) {
                dryRun = true;
            } else if (msg.startsWith("All upgrades installed") && !dryRun) {
                installed = later(installed, at);
            } else if (msg.startsWith("No packages found that can be upgraded unattended") && !dryRun) {
                nothing = later(nothing, at);
            }
        }
        return new Unattended(Optional.ofNullable(installed), Optional.ofNullable(nothing));
    }

    private static Instant historyTime(String s, ZoneId zone) {
        try {
            return LocalDateTime.parse(s.strip().replaceAll("\\s+", "  "), HISTORY).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
