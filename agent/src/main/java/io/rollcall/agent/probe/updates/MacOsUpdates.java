package io.rollcall.agent.probe.updates;

import com.dd.plist.NSDictionary;
import io.rollcall.agent.os.CommandResult;
import io.rollcall.agent.os.CommandRunner;
import io.rollcall.agent.os.FileSource;
import io.rollcall.agent.os.mac.Plist;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OS updates on macOS, without contacting Apple: the version from {@code sw_vers -productVersion} against the
 * {@link SupportTable} (by major version; a major newer than every row is taken as supported), and the last macOS
 * update from {@code /Library/Receipts/InstallHistory.plist} (an array of dictionaries with {@code date},
 * {@code displayName}, {@code displayVersion}, {@code processName}), or from {@code softwareupdate --history} when the
 * plist cannot be read. Only OS updates count — "macOS …", "OS X …", Security Updates, Rapid Security Responses and
 * Background Security Improvements — not XProtect or other configuration-data downloads, which arrive daily and
 * would hide a Mac that has not taken an OS update in months. Pending updates are not known ({@code softwareupdate
 * -l} asks Apple's servers and takes seconds), so they are left {@code null}.
 */
public final class MacOsUpdates implements OsUpdatesProbe {
    static final String SW_VERS = "/usr/bin/sw_vers";
    static final String SOFTWAREUPDATE = "/usr/sbin/softwareupdate";
    static final String INSTALL_HISTORY = "/Library/Receipts/InstallHistory.plist";
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Pattern OS_UPDATE = Pattern.compile(
            "^(macOS|OS X|Mac OS X)\\b.*|.*Security (Update|Response|Improvement).*", Pattern.CASE_INSENSITIVE);
    /** {@code softwareupdate --history}: name, version and "MM/dd/yyyy, HH:mm:ss" in columns of two+ spaces. */
    private static final Pattern HISTORY_ROW = Pattern.compile(
            "^(.*?)\\s{2,}(\\S+)\\s{2,}(\\d{2}/\\d{2}/\\d{4}, \\d{2}:\\d{2}:\\d{2})\\s*$");
    private static final DateTimeFormatter HISTORY_DATE = DateTimeFormatter.ofPattern("MM/dd/yyyy, HH:mm:ss");

    private final FileSource files;
    private final CommandRunner commands;
    private final Clock clock;
    private final ZoneId zone;
    private final SupportTable table;

    /** @param zone the Mac's local time zone, in which {@code softwareupdate --history} prints its dates */
    public MacOsUpdates(FileSource files, CommandRunner commands, Clock clock, ZoneId zone, SupportTable table) {
        this.files = files;
        this.commands = commands;
        this.clock = clock;
        this.zone = zone;
        this.table = table;
    }

    /** An OS update: what it was called and when it was installed. */
    public record Installed(String name, Instant at) {
    }

    @Override
    public OsUpdatesReading read() {
        List<String> notes = new ArrayList<>();
        CommandResult v = commands.run(List.of(SW_VERS, "-productVersion"), TIMEOUT);
        String version = v.ok() && !v.stdout().isEmpty() ? v.stdout().get(0).trim() : null;
        Optional<SupportTable.Release> row = Optional.empty();
        boolean newer = false;
        String release = null;
        if (version == null || version.isEmpty()) {
            notes.add("sw_vers gave no version: " + (v.failure() != null ? v.failure() : "exit code " + v.exitCode()));
        } else {
            String major = major(version);
            release = "macOS " + version;
            row = table.find("macos", major, null);
            newer = row.isEmpty() && table.of("macos").stream().allMatch(r -> compareMajor(major, r.key()) > 0);
        }
        Optional<Installed> last;
        String source;
        try {
            last = lastOsUpdate(Plist.roots(bounded(INSTALL_HISTORY)));
            source = "InstallHistory.plist";
        } catch (IOException | IllegalArgumentException e) {
            notes.add("could not read " + INSTALL_HISTORY + " (" + e.getMessage() + "), used softwareupdate --history");
            CommandResult h = commands.run(List.of(SOFTWAREUPDATE, "--history"), TIMEOUT);
            last = h.ok() ? lastOsUpdate(h.stdout(), zone) : Optional.empty();
            source = "softwareupdate --history";
            if (!h.ok()) {
                notes.add("softwareupdate --history failed: " + (h.failure() != null ? h.failure()
                        : "exit code " + h.exitCode()));
            }
        }
        last.ifPresent(i -> notes.add("last OS update: " + i.name()));
        UpdateVerdict.Found found = new UpdateVerdict.Found(release, row, newer, last.map(Installed::at).orElse(null),
                source, null, null, null, notes);
        return UpdateVerdict.decide(found, table, clock.instant());
    }

    /** The newest OS update among InstallHistory.plist's entries. */
    public static Optional<Installed> lastOsUpdate(List<NSDictionary> entries) {
        Installed best = null;
        for (NSDictionary d : entries) {
            String name = Plist.string(d, "displayName");
            Instant at = Plist.date(d, "date");
            if (name == null || at == null || !OS_UPDATE.matcher(name.trim()).matches()) {
                continue;
            }
            String version = Plist.string(d, "displayVersion");
            String full = version == null || name.contains(version) ? name : name + " " + version;
            if (best == null || at.isAfter(best.at())) {
                best = new Installed(full, at);
            }
        }
        return Optional.ofNullable(best);
    }

    /** The newest OS update in {@code softwareupdate --history} output, its dates read in {@code zone}. */
    public static Optional<Installed> lastOsUpdate(List<String> historyOutput, ZoneId zone) {
        Installed best = null;
        for (String line : historyOutput) {
            Matcher m = HISTORY_ROW.matcher(line);
            if (!m.matches() || !OS_UPDATE.matcher(m.group(1).trim()).matches()) {
                continue;
            }
            Instant at;
            try {
                at = LocalDateTime.parse(m.group(3), HISTORY_DATE).atZone(zone).toInstant();
            } catch (DateTimeParseException e) {
                continue;
            }
            if (best == null || at.isAfter(best.at())) {
                best = new Installed(m.group(1).trim() + " " + m.group(2), at);
            }
        }
        return Optional.ofNullable(best);
    }

    /** "14.5" → "14"; the 10.x releases keep their minor: "10.15.7" → "10.15". */
    static String major(String version) {
        String[] p = version.split("\\.");
        return p[0].equals("10") && p.length > 1 ? "10." + p[1] : p[0];
    }

    private static int compareMajor(String a, String b) {
        return Double.compare(number(a), number(b));
    }

    private static double number(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private byte[] bounded(String path) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long offset = 0;
        while (offset < Plist.MAX_BYTES) {
            byte[] chunk = files.readBytes(path, offset, (int) Math.min(1 << 20, Plist.MAX_BYTES - offset));
            if (chunk.length == 0) {
                break;
            }
            out.write(chunk);
            offset += chunk.length;
        }
        return out.toByteArray();
    }
}
