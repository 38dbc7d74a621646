package io.rollcall.agent.probe.updates;

import io.rollcall.agent.os.FileSource;
import io.rollcall.agent.probe.os.LinuxOsProbe;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * OS updates on Debian and Ubuntu, from files only (no {@code apt-get -s}, no network): the release from
 * {@code /etc/os-release} against the {@link SupportTable}; the last upgrade from {@code /var/log/apt/history.log}
 * and its rotations ({@code history.log.1}, {@code history.log.2.gz}, …) and the unattended-upgrades log; pending
 * security updates from the security suite's package index in {@code /var/lib/apt/lists} against
 * {@code /var/lib/dpkg/status} ({@link AptPending}). Every read is bounded: logs and indexes larger than
 * {@link #MAX_BYTES} (after decompression) are read only that far.
 */
public final class LinuxOsUpdates implements OsUpdatesProbe {
    static final int MAX_BYTES = 64 << 20;
    static final String HISTORY = "/var/log/apt/history.log";
    static final String UNATTENDED = "/var/log/unattended-upgrades/unattended-upgrades.log";
    static final String LISTS = "/var/lib/apt/lists";
    static final String STATUS = "/var/lib/dpkg/status";
    /** history.log is rotated monthly and kept a year; 12 rotations cover it. */
    private static final int MAX_ROTATIONS = 12;

    private final FileSource files;
    private final Clock clock;
    private final ZoneId logZone;
    private final SupportTable table;

    /**
     * @param logZone the zone the logs were written in (the machine's local time zone)
     */
    public LinuxOsUpdates(FileSource files, Clock clock, ZoneId logZone, SupportTable table) {
        this.files = files;
        this.clock = clock;
        this.logZone = logZone;
        this.table = table;
    }

    @Override
    public OsUpdatesReading read() {
        List<String> notes = new ArrayList<>();
        Map<String, String> os;
        try {
            os = LinuxOsProbe.parseOsRelease(files.readLines("/etc/os-release"));
        } catch (IOException e) {
            os = Map.of();
            notes.add("could not read /etc/os-release: " + e.getMessage());
        }
        String id = os.getOrDefault("ID", "").toLowerCase(Locale.ROOT);
        String version = os.getOrDefault("VERSION_ID", "");
        String release = os.getOrDefault("PRETTY_NAME", id.isEmpty() ? null : id + " " + version);
        Optional<SupportTable.Release> row = id.isEmpty() ? Optional.empty()
                : table.find("linux", id + ":" + version, null);

        Instant lastUpgrade = lastUpgrade(notes);
        String source = lastUpgrade != null ? "apt-history" : null;
        AptLogs.Unattended uu = unattended(notes);
        Instant currentAsOf = uu.lastNothingToDo().orElse(null);
        if (uu.lastInstalled().isPresent() && (lastUpgrade == null || uu.lastInstalled().get().isAfter(lastUpgrade))) {
            lastUpgrade = uu.lastInstalled().get();
            source = "unattended-upgrades";
        }
        if (source == null) {
            source = "apt-history";
        }
        Integer pending = null;
        Instant pendingSince = null;
        List<String> indexes = securityIndexes(os.getOrDefault("VERSION_CODENAME", ""));
        if (indexes.isEmpty()) {
            notes.add("pending security updates unknown: no uncompressed security package index in " + LISTS
                    + " (no -security suite in the apt sources, or apt keeps its lists compressed)");
        } else {
            try {
                AptPending p = new AptPending(lines(STATUS));
                for (String index : indexes) {
                    p.index(lines(index));
                    Instant at = files.lastModified(index).orElse(null);
                    pendingSince = pendingSince == null || (at != null && at.isBefore(pendingSince)) ? at
                            : pendingSince;
                }
                pending = p.pending().size();
                if (pending > 0) {
                    notes.add("pending: " + String.join(", ", p.pending().subList(0, Math.min(10, pending)))
                            + (pending > 10 ? ", …" : ""));
                }
            } catch (IOException e) {
                notes.add("pending security updates unknown: " + e.getMessage());
            }
        }
        UpdateVerdict.Found found = new UpdateVerdict.Found(release, row, false, lastUpgrade, source, currentAsOf,
                pending, pendingSince, notes);
        return UpdateVerdict.decide(found, table, clock.instant());
    }

    /** The newest upgrade in history.log, else in its rotations, newest rotation first. */
    private Instant lastUpgrade(List<String> notes) {
        List<String> names = new ArrayList<>(List.of(HISTORY));
        for (int i = 1; i <= MAX_ROTATIONS; i++) {
            names.add(HISTORY + "." + i);
            names.add(HISTORY + "." + i + ".gz");
        }
        for (String name : names) {
            if (!files.exists(name)) {
                continue;
            }
            try {
                Optional<Instant> at = AptLogs.lastUpgrade(lines(name), logZone);
                if (at.isPresent()) {
                    return at.get();
                }
            } catch (IOException e) {
                notes.add("could not read " + name + ": " + e.getMessage());
            }
        }
        return null;
    }

    private AptLogs.Unattended unattended(List<String> notes) {
        Optional<Instant> installed = Optional.empty();
        Optional<Instant> nothing = Optional.empty();
        for (String name : List.of(UNATTENDED, UNATTENDED + ".1", UNATTENDED + ".1.gz", UNATTENDED + ".2.gz")) {
            if (!files.exists(name)) {
                continue;
            }
            try {
                AptLogs.Unattended u = AptLogs.unattended(lines(name), logZone);
                installed = installed.isPresent() ? installed : u.lastInstalled();
                nothing = nothing.isPresent() ? nothing : u.lastNothingToDo();
            } catch (IOException e) {
                notes.add("could not read " + name + ": " + e.getMessage());
            }
            if (installed.isPresent() && nothing.isPresent()) {
                break;
            }
        }
        return new AptLogs.Unattended(installed, nothing);
    }

    /** The uncompressed Packages indexes of the release's security suite. */
    private List<String> securityIndexes(String codename) {
        String suite = (codename.isBlank() ? "" : "_dists_" + codename) + "-security_";
        return files.list(LISTS).stream()
                .filter(n -> n.contains(suite) && n.endsWith("_Packages"))
                .map(n -> LISTS + "/" + n).toList();
    }

    /** The file's lines, gunzipped when it ends in .gz, read at most {@link #MAX_BYTES} far. */
    List<String> lines(String path) throws IOException {
        byte[] raw = bounded(path);
        if (path.endsWith(".gz")) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
                raw = in.readNBytes(MAX_BYTES);
            }
        }
        return Arrays.asList(new String(raw, StandardCharsets.UTF_8).split("\n", -1));
    }

    private byte[] bounded(String path) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long offset = 0;
        while (offset < MAX_BYTES) {
            byte[] chunk = files.readBytes(path, offset, (int) Math.min(1 << 20, MAX_BYTES - offset));
            if (chunk.length == 0) {
                break;
            }
            out.write(chunk);
            offset += chunk.length;
        }
        return out.toByteArray();
    }
}
