package io.rollcall.collector.auth;

import com.hazelcast.map.IMap;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Counts failed password attempts per account and per client address in fixed windows, in a
 * Hazelcast IMap so that every collector node sees the same counts (a guesser cannot spread attempts
 * over the nodes behind a load balancer). While either count is at its limit, every attempt is
 * refused, even one with the right password. A success clears the account's count. The window is
 * read from the injected clock; the map's TTL only cleans up. Blocking (IMap calls): use from a worker.
 */
public final class LoginLimiter {
    /** Map name; counters expire on their own. */
    public static final String MAP = "login-failures";

    private final IMap<String, Integer> counts;
    private final Clock clock;
    private final Duration window;
    private final int perAccount;
    private final int perAddress;

    public LoginLimiter(IMap<String, Integer> counts, Clock clock, Duration window, int perAccount, int perAddress) {
        this.counts = counts;
        this.clock = clock;
        this.window = window;
        this.perAccount = perAccount;
        this.perAddress = perAddress;
    }

    /** Five failures per account and fifty per address in fifteen minutes. */
    public static LoginLimiter defaults(IMap<String, Integer> counts, Clock clock) {
        return new LoginLimiter(counts, clock, Duration.ofMinutes(15), 5, 50);
    }

    /** False when the account or the address has used up its failures in this window. */
    public boolean allowed(String username, String address) {
        return count(accountKey(username)) < perAccount && count(addressKey(address)) < perAddress;
    }

    public void failed(String username, String address) {
        bump(accountKey(username));
        bump(addressKey(address));
    }

    public void succeeded(String username) {
        counts.delete(accountKey(username));
    }

    /** How long a refused caller should wait before the window turns: the Retry-After value. */
    public long retryAfterSeconds() {
        long w = window.toMillis();
        long now = clock.millis();
        return Math.max(1, (w - now % w) / 1000);
    }

    private int count(String key) {
        Integer n = counts.get(key);
        return n == null ? 0 : n;
    }

    private void bump(String key) {
        // merge is atomic on an IMap (compare-and-set underneath), so concurrent failures on two nodes both count
        Integer n = counts.merge(key, 1, Integer::sum);
        if (n != null && n == 1) {
            counts.setTtl(key, window.toSeconds() * 2, TimeUnit.SECONDS);
        }
    }

    private String accountKey(String username) {
        return "a:" + bucket() + ":" + (username == null ? "" : username.toLowerCase(Locale.ROOT));
    }

    private String addressKey(String address) {
        return "r:" + bucket() + ":" + (address == null ? "unknown" : address);
    }

    private long bucket() {
        return clock.millis() / window.toMillis();
    }
}
