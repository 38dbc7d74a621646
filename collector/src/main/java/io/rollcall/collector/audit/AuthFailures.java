package io.rollcall.collector.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Folds refused authentications into at most one audit row per client address per window (a minute), so
 * a guesser cannot flood the log: the row, dated at the window's first failure, carries the count, the first
 * few credentials presented (their kind only, never a secret) and the first few paths. A window is written
 * once it has ended: by the next failure, by {@link #closeDue} (the audit writer calls it on a timer and
 * before every read) or by {@link #closeAll} at shutdown. At most {@link #MAX_ADDRESSES} addresses are
 * tracked at once; failures from further addresses share one row with the address {@code many}.
 * Thread-safe.
 */
public final class AuthFailures {
    /** The action of the rows written here. */
    public static final String ACTION = "auth-failed";
    static final int MAX_ADDRESSES = 10_000;
    private static final int MAX_LISTED = 5;

    private final Clock clock;
    private final Duration window;
    private final Consumer<AuditEntry> out;
    // insertion order = window start order, so the windows that have ended are always at the head
    private final LinkedHashMap<String, Tally> open = new LinkedHashMap<>();

    public AuthFailures(Clock clock, Duration window, Consumer<AuditEntry> out) {
        this.clock = clock;
        this.window = window;
        this.out = out;
    }

    /**
     * Counts one refused request.
     *
     * @param who  what was presented, without its secret (see {@link #credential})
     * @param what method and path, without the query (which could carry anything)
     */
    public void failed(String address, String who, String what) {
        Instant now = clock.instant();
        String key = address == null ? "unknown" : address;
        synchronized (open) {
            closeDue(now);
            if (!open.containsKey(key) && open.size() >= MAX_ADDRESSES) {
                key = "many";
            }
            open.computeIfAbsent(key, k -> new Tally(now)).add(who, what);
        }
    }

    /** Writes every window that has ended. */
    public void closeDue() {
        synchronized (open) {
            closeDue(clock.instant());
        }
    }

    /** Writes every window, ended or not (shutdown). */
    public void closeAll() {
        synchronized (open) {
            open.forEach(this::write);
            open.clear();
        }
    }

    /**
     * What a refused request presented, safe to store: the kind of credential and, for a bearer token, its
     * {@code rc_xxx_} prefix if it has one (never more of it: it may be a real secret, or a password pasted by
     * mistake); for HTTP Basic the username.
     */
    public static String credential(String authorization, boolean sessionCookie) {
        if (authorization == null) {
            return sessionCookie ? "session cookie" : "no credential";
        }
        if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return "basic";
        }
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String t = authorization.substring(7).trim();
            var m = java.util.regex.Pattern.compile("^rc_[a-z]{1,12}_").matcher(t);
            return m.find() ? "token " + m.group() : "token";
        }
        return "other scheme";
    }

    private void closeDue(Instant now) {
        Iterator<Map.Entry<String, Tally>> it = open.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Tally> e = it.next();
            if (now.isBefore(e.getValue().start.plus(window))) {
                return;
            }
            write(e.getKey(), e.getValue());
            it.remove();
        }
    }

    private void write(String address, Tally t) {
        String detail = t.count + " refused authentication" + (t.count == 1 ? "" : "s") + " in "
                + window.toSeconds() + " s from " + address + "; presented: " + String.join(", ", t.whos)
                + "; requests: " + String.join(", ", t.whats) + (t.count > t.whats.size() ? ", …" : "");
        out.accept(new AuditEntry(UUID.randomUUID(), t.start, t.whos.iterator().next(), "anonymous", null, ACTION,
                t.whats.iterator().next(), 401, address, detail));
    }

    private static final class Tally {
        final Instant start;
        int count;
        final Set<String> whos = new LinkedHashSet<>();
        final Set<String> whats = new LinkedHashSet<>();

        Tally(Instant start) {
            this.start = start;
        }

        void add(String who, String what) {
            count++;
            if (whos.size() < MAX_LISTED) {
                whos.add(who);
            }
            if (whats.size() < MAX_LISTED) {
                whats.add(what);
            }
        }
    }
}
