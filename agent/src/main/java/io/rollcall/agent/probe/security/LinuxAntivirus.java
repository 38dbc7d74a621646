package io.rollcall.agent.probe.security;

import io.rollcall.agent.os.FileSource;
import io.rollcall.common.report.Antivirus;
import io.rollcall.common.report.Tri;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Anti-malware scanners on Linux. ClamAV: installed when its scanner or daemon binary exists; enabled when clamd or
 * clamonacc runs (otherwise it only scans on demand); up to date when the daily database is at most
 * {@link #MAX_SIGNATURE_AGE} old by its header's build time (the file's modification time when the header is
 * unreadable). Commercial scanners are recognised by their install directory and running daemon; their signature
 * age is not read, so it is unknown.
 */
final class LinuxAntivirus {
    /** freshclam checks for updates every two hours by default; a week without one means updates are broken. */
    static final Duration MAX_SIGNATURE_AGE = Duration.ofDays(7);
    private static final List<String> CLAM_BINARIES = List.of("/usr/bin/clamscan", "/usr/sbin/clamd",
            "/usr/bin/clamdscan", "/usr/local/bin/clamscan", "/usr/local/sbin/clamd");
    private static final List<String> CLAM_DB_DIRS = List.of("/var/lib/clamav", "/usr/local/share/clamav");

    private record Known(String name, String marker, Set<String> daemons) {
    }

    private static final List<Known> OTHERS = List.of(
            new Known("Microsoft Defender for Endpoint", "/opt/microsoft/mdatp", Set.of("wdavdaemon")),
            new Known("Sophos Protection for Linux", "/opt/sophos-spl", Set.of("sophos_threat_d", "sophos_managem")),
            new Known("ESET Server Security", "/opt/eset/efs", Set.of("efs", "startd")),
            new Known("CrowdStrike Falcon", "/opt/CrowdStrike", Set.of("falcon-sensor")));

    private final FileSource files;
    private final Clock clock;

    LinuxAntivirus(FileSource files, Clock clock) {
        this.files = files;
        this.clock = clock;
    }

    /** The scanners found, and what a technician should know about them (never null; empty list: none found). */
    record Found(List<Antivirus> products, String reason) {
    }

    Found read() {
        // the process list is only needed once a scanner is installed: most laptops have none, and listing every
        // process's comm file is the dearest part of this check
        Set<String> running = new LazySet(this::runningCommands);
        List<Antivirus> products = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        clamav(running, products, notes);
        for (Known k : OTHERS) {
            if (files.exists(k.marker())) {
                boolean on = k.daemons().stream().anyMatch(running::contains);
                products.add(new Antivirus(k.name(), running.isEmpty() ? Tri.UNKNOWN : Tri.of(on), Tri.UNKNOWN));
                notes.add(k.name() + ": signature age is not read");
            }
        }
        if (products.isEmpty()) {
            return new Found(products, "no anti-malware scanner found (looked for ClamAV and "
                    + String.join(", ", OTHERS.stream().map(Known::name).toList()) + ")");
        }
        return new Found(products, String.join("; ", notes));
    }

    private void clamav(Set<String> running, List<Antivirus> products, List<String> notes) {
        boolean installed = CLAM_BINARIES.stream().anyMatch(files::exists);
        String dbDir = CLAM_DB_DIRS.stream().filter(d -> !files.list(d).isEmpty()).findFirst().orElse(null);
        if (!installed && dbDir == null) {
            return;
        }
        Tri enabled;
        if (running.contains("clamd") || running.contains("clamonacc")) {
            enabled = Tri.YES;
        } else if (running.isEmpty()) {
            enabled = Tri.UNKNOWN;
            notes.add("ClamAV: cannot list running processes");
        } else {
            enabled = Tri.NO;
            notes.add("ClamAV: clamd is not running, so files are only scanned on demand");
        }
        Optional<Instant> built = dbDir == null ? Optional.empty() : dailyBuildTime(dbDir);
        Tri upToDate;
        if (built.isEmpty()) {
            upToDate = Tri.UNKNOWN;
            notes.add("ClamAV: no readable daily signature database" + (dbDir == null ? "" : " in " + dbDir));
        } else {
            Duration age = Duration.between(built.get(), clock.instant());
            upToDate = Tri.of(age.compareTo(MAX_SIGNATURE_AGE) <= 0);
            notes.add("ClamAV: daily signatures built " + built.get() + " (" + Math.max(0, age.toHours())
                    + " h old, limit " + MAX_SIGNATURE_AGE.toDays() + " days)");
        }
        products.add(new Antivirus("ClamAV", enabled, upToDate));
    }

    /** The newest of daily.cld and daily.cvd (freshclam keeps an incrementally updated .cld beside an old .cvd). */
    private Optional<Instant> dailyBuildTime(String dir) {
        Instant best = null;
        for (String f : List.of("daily.cld", "daily.cvd")) {
            String path = dir + "/" + f;
            if (!files.exists(path)) {
                continue;
            }
            Instant t;
            try {
                t = ClamavDatabase.parseHeader(files.readBytes(path, 0, ClamavDatabase.HEADER_BYTES))
                        .map(ClamavDatabase.Header::builtAt).orElse(files.lastModified(path).orElse(null));
            } catch (IOException e) {
                t = files.lastModified(path).orElse(null);
            }
            if (t != null && (best == null || t.isAfter(best))) {
                best = t;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The command names (/proc/PID/comm, at most 15 characters) of running processes; empty when /proc is unreadable. */
    private static boolean digits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private Set<String> runningCommands() {
        Set<String> out = new HashSet<>();
        for (String pid : files.list("/proc")) {
            if (!pid.isEmpty() && digits(pid)) {
                files.firstLine("/proc/" + pid + "/comm").ifPresent(out::add);
            }
        }
        return out;
    }

    /** A set read on first use. */
    private static final class LazySet extends java.util.AbstractSet<String> {
        private final java.util.function.Supplier<Set<String>> read;
        private Set<String> set;

        LazySet(java.util.function.Supplier<Set<String>> read) {
            this.read = read;
        }

        private Set<String> set() {
            if (set == null) {
                set = read.get();
            }
            return set;
        }

        @Override
        public boolean contains(Object o) {
            return set().contains(o);
        }

        @Override
        public java.util.Iterator<String> iterator() {
            return set().iterator();
        }

        @Override
        public int size() {
            return set().size();
        }
    }
}
