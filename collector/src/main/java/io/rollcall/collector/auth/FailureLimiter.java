package io.rollcall.collector.auth;

import com.hazelcast.map.IMap;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Counts failures (wrong passwords, wrong enrolment tokens) per key in fixed windows, in a Hazelcast
 * IMap so that every collector node sees the same counts: a guesser cannot spread attempts over the
 * nodes behind a load balancer. A {@link Limit} names what is counted (its key prefix) and how many
 * failures a window allows; while a key is at its limit the caller refuses every attempt, even a right
 * one, so a refusal reveals nothing. The window is read from the injected clock; the map's TTL only
 * cleans up. Blocking (IMap calls): use from a worker.
 */
public final class FailureLimiter {
    /** Map name; counters expire on their own. */
    public static final String MAP = "login-failures";

    /** What is counted: {@code prefix} keeps kinds of key apart in the one map; {@code max} failures per window. */
    public record Limit(String prefix, int max) {
        public Limit {
            if (prefix.indexOf(':') >= 0 || max < 1) {
                throw new IllegalArgumentException("limit prefix must have no ':' and max must be positive");
            }
        }
    }

    private final IMap<String, Integer> counts;
    private final Clock clock;
    private final Duration window;

    public FailureLimiter(IMap<String, Integer> counts, Clock clock, Duration window) {
        this.counts = counts;
        this.clock = clock;
        this.window = window;
    }

    /** The collector's limiter: fifteen-minute windows in the cluster map {@link #MAP}. */
    public static FailureLimiter of(com.hazelcast.core.HazelcastInstance hz, Clock clock) {
        return new FailureLimiter(hz.getMap(MAP), clock, Duration.ofMinutes(15));
    }

    /** False when {@code key} has used up its failures under {@code limit} in this window. */
    public boolean allowed(Limit limit, String key) {
        Integer n = counts.get(key(limit, key));
        return n == null || n < limit.max();
    }

    /** Counts one failure of {@code key}; atomic across nodes. Returns the count in this window, this one included. */
    public int failed(Limit limit, String key) {
        String k = key(limit, key);
        // merge is atomic on an IMap (compare-and-set underneath), so concurrent failures on two nodes both count
        Integer n = counts.merge(k, 1, Integer::sum);
        if (n != null && n == 1) {
            counts.setTtl(k, window.toSeconds() * 2, TimeUnit.SECONDS);
        }
        return n == null ? 1 : n;
    }

    /** Forgets {@code key}'s failures in this window (after a success). */
    public void clear(Limit limit, String key) {
        counts.delete(key(limit, key));
    }

    /** How long a refused caller should wait before the window turns: the Retry-After value. */
    public long retryAfterSeconds() {
        long w = window.toMillis();
        long now = clock.millis();
        return Math.max(1, (w - now % w) / 1000);
    }

    private String key(Limit limit, String key) {
        return limit.prefix() + ":" + clock.millis() / window.toMillis() + ":" + (key == null ? "unknown" : key);
    }
}
