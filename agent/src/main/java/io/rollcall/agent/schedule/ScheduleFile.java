package io.rollcall.agent.schedule;

import io.rollcall.agent.state.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code schedule.txt} in the state directory: what the worker ({@code rollcall-agent tick}) leaves for the next run
 * and for the resident service, which reads only this file to know when to start the next worker. Plain
 * {@code key=value} lines (UTF-8, {@code #} comments, unknown keys ignored) so that reading it needs nothing beyond
 * {@code java.base}: the resident must not load Jackson.
 *
 * <pre>
 * format=1
 * written=2026-12-06T04:00:00Z        when the worker wrote it
 * next=2026-12-06T05:00:00Z           the earliest time the worker has something to do (required)
 * full-due=…  delta-due=…  heartbeat-due=…
 * delta-requested=…                   a delta asked for after a medium was connected (absent: none)
 * backoff-until=…  backoff-failures=N sending failed N times in a row; no attempt before then
 * revoked-since=…                     the collector forbade this device (403): nothing is sent until a restart
 * media-poll-seconds=5                how often the resident looks for removable media without an OS event
 * </pre>
 *
 * Written atomically (temporary file, fsync, rename); {@link #read} never throws on content, it answers
 * {@code null} for a file that is missing, too large, of another format or with a bad value, and the resident
 * then runs a worker at once (which writes a good one).
 */
public final class ScheduleFile {
    public static final String FILE_NAME = "schedule.txt";
    static final int FORMAT = 1;
    private static final long MAX_BYTES = 16 * 1024;

    /**
     * One schedule. Times may be {@code null} where the description above says "absent".
     *
     * @param written         when the worker wrote it
     * @param next            when a worker should run next, at the latest
     * @param fullDue         when the next full report is due
     * @param deltaDue        when the next hourly delta is due
     * @param heartbeatDue    when a heartbeat is due if nothing else is queued before
     * @param deltaRequested  a delta asked for soon after a medium was connected
     * @param backoffUntil    no delivery attempt before this
     * @param backoffFailures consecutive failed deliveries
     * @param revokedSince    the collector refused this device with 403 at this time
     * @param mediaPoll       how often the resident checks removable media when the OS gives no event
     */
    public record Schedule(Instant written, Instant next, Instant fullDue, Instant deltaDue, Instant heartbeatDue,
                           Instant deltaRequested, Instant backoffUntil, int backoffFailures, Instant revokedSince,
                           Duration mediaPoll) {
        public Schedule {
            if (next == null) {
                throw new IllegalArgumentException("next is required");
            }
            if (backoffFailures < 0) {
                throw new IllegalArgumentException("backoffFailures was " + backoffFailures + ", must be ≥ 0");
            }
        }
    }

    private final Path file;
    private String problem;

    public ScheduleFile(Path stateDir) {
        this.file = stateDir.resolve(FILE_NAME);
    }

    public Path path() {
        return file;
    }

    /** The schedule, or {@code null} when the file is missing or unusable (the reason goes to {@link #problem}). */
    public Schedule read() {
        problem = null;
        try {
            if (Files.size(file) > MAX_BYTES) {
                problem = file + " is larger than " + MAX_BYTES + " bytes";
                return null;
            }
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            problem = file + " does not exist yet";
        } catch (IOException | RuntimeException e) {
            problem = file + ": " + e.getMessage();
        }
        return null;
    }

    /** Why the last {@link #read} answered {@code null}; {@code null} after a good read. */
    public String problem() {
        return problem;
    }

    public void write(Schedule s) throws IOException {
        AtomicFiles.write(file, format(s).getBytes(StandardCharsets.UTF_8));
    }

    static String format(Schedule s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("written", s.written());
        m.put("next", s.next());
        m.put("full-due", s.fullDue());
        m.put("delta-due", s.deltaDue());
        m.put("heartbeat-due", s.heartbeatDue());
        m.put("delta-requested", s.deltaRequested());
        m.put("backoff-until", s.backoffUntil());
        m.put("backoff-failures", s.backoffFailures());
        m.put("revoked-since", s.revokedSince());
        m.put("media-poll-seconds", s.mediaPoll() == null ? null : s.mediaPoll().toSeconds());
        StringBuilder sb = new StringBuilder("# rollcall-agent schedule: written by the worker after each run, "
                + "read by the resident service\n");
        for (Map.Entry<String, Object> e : m.entrySet()) {
            Object v = e.getValue();
            if (v != null) {
                sb.append(e.getKey()).append('=').append(v instanceof Instant t ? IsoInstant.format(t) : v).append('\n');
            }
        }
        return sb.toString();
    }

    /** @throws IllegalArgumentException naming the key whose value is bad */
    static Schedule parse(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("a line is not key=value: '" + abbreviate(line) + "'");
            }
            m.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
        String format = m.get("format");
        if (!String.valueOf(FORMAT).equals(format)) {
            throw new IllegalArgumentException("format was '" + abbreviate(String.valueOf(format)) + "', expected "
                    + FORMAT);
        }
        Instant next = instant(m, "next");
        if (next == null) {
            throw new IllegalArgumentException("next is missing");
        }
        Long failures = number(m, "backoff-failures");
        Long poll = number(m, "media-poll-seconds");
        if (poll != null && poll < 1) {
            throw new IllegalArgumentException("media-poll-seconds was " + poll + ", must be ≥ 1");
        }
        if (failures != null && (failures < 0 || failures > Integer.MAX_VALUE)) {
            throw new IllegalArgumentException("backoff-failures was " + failures + ", must be ≥ 0");
        }
        return new Schedule(instant(m, "written"), next, instant(m, "full-due"), instant(m, "delta-due"),
                instant(m, "heartbeat-due"), instant(m, "delta-requested"), instant(m, "backoff-until"),
                failures == null ? 0 : failures.intValue(), instant(m, "revoked-since"),
                poll == null ? null : Duration.ofSeconds(poll));
    }

    private static Instant instant(Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return IsoInstant.parse(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " was '" + abbreviate(v) + "', not an ISO-8601 instant ("
                    + e.getMessage() + ")");
        }
    }

    private static Long number(Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " was '" + abbreviate(v) + "', not a whole number");
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
