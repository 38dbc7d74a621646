package io.rollcall.collector.auth;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Sign-in throttling that slows a guesser without letting them lock the real person out. All state is in
 * Hazelcast maps, so every node sees the same counts and delays. Blocking (IMap calls): use from a worker.
 *
 * <ul>
 *   <li>Per (account, address): after {@link #FREE_FAILURES} failures in a window each further failure
 *       doubles the wait before that pair may try again (1 s, 2 s, 4 s … at most {@link #MAX_DELAY}). This is
 *       the only limit that applies to an address that has signed into the account before.</li>
 *   <li>Per address: {@code perAddress} failures per window over all accounts, then every unknown pair from
 *       that address is refused until the window turns.</li>
 *   <li>Per account: {@code perAccount} failures per window from addresses that never signed into it, then
 *       further unknown addresses are refused for that account (a guesser spread over many addresses).</li>
 * </ul>
 *
 * <p>A known address is one that signed into the account successfully in the last {@link #KNOWN_FOR}
 * (map {@link #KNOWN_MAP}): someone else's failures, from anywhere, never delay the real person at the
 * address they use. Where many people share an address (a school's NAT), a browser that signed into the
 * account before shows a known-device token (a cookie; only its hash is kept, map {@link #DEVICE_MAP}) and is
 * counted as a client of its own instead of as the address. A refused attempt never checks the password, so
 * it is not counted either.
 */
public final class LoginLimiter {
    /** Map of the windowed counts (shared with the other failure limits). */
    public static final String MAP = FailureLimiter.MAP;
    /** (account, address) → epoch millis before which that pair is refused. */
    public static final String BACKOFF_MAP = "login-backoff";
    /** (account, address) → epoch millis of its last successful sign-in. */
    public static final String KNOWN_MAP = "login-known-addresses";
    /** Failures of one pair in a window before the delays start. */
    public static final int FREE_FAILURES = 3;
    public static final Duration MAX_DELAY = Duration.ofMinutes(15);
    public static final Duration KNOWN_FOR = Duration.ofDays(90);
    /** SHA-256 of a known-device token → the account it signed into. */
    public static final String DEVICE_MAP = "login-known-devices";

    private final FailureLimiter limiter;
    private final IMap<String, Long> backoff;
    private final IMap<String, Long> known;
    private final IMap<String, String> devices;
    private final Clock clock;
    private final FailureLimiter.Limit pair = new FailureLimiter.Limit("p", Integer.MAX_VALUE);
    private final FailureLimiter.Limit perAccount;
    private final FailureLimiter.Limit perAddress;

    /** The refusal of an attempt: wait {@code retryAfterSeconds}, for {@code reason}. */
    public record Refusal(long retryAfterSeconds, String reason) {
    }

    public LoginLimiter(FailureLimiter limiter, IMap<String, Long> backoff, IMap<String, Long> known,
                        IMap<String, String> devices, Clock clock, int perAccount, int perAddress) {
        this.limiter = limiter;
        this.backoff = backoff;
        this.known = known;
        this.devices = devices;
        this.clock = clock;
        this.perAccount = new FailureLimiter.Limit("a", perAccount);
        this.perAddress = new FailureLimiter.Limit("r", perAddress);
    }

    /** The collector's limits: 20 failures per account from unknown addresses and 50 per address, per window. */
    public static LoginLimiter of(HazelcastInstance hz, Clock clock) {
        return new LoginLimiter(FailureLimiter.of(hz, clock), hz.getMap(BACKOFF_MAP), hz.getMap(KNOWN_MAP),
                hz.getMap(DEVICE_MAP), clock, 20, 50);
    }

    /**
     * Who is trying, for counting: the known device when {@code deviceToken} is one that signed into
     * {@code username} before, else the address. Pass the result to {@link #check}, {@link #failed} and
     * {@link #succeeded}.
     */
    public String client(String username, String address, String deviceToken) {
        if (deviceToken != null && deviceToken.length() <= 128) {
            String hash = Secrets.sha256Hex(deviceToken);
            if (account(username).equals(devices.get(hash))) {
                return "device:" + hash;
            }
        }
        return address == null ? "unknown" : address;
    }

    /** Remembers {@code deviceToken} (a new random value the caller hands the browser) as a device of the account. */
    public void rememberDevice(String username, String deviceToken) {
        devices.set(Secrets.sha256Hex(deviceToken), account(username), KNOWN_FOR.toSeconds(), TimeUnit.SECONDS);
    }

    /** Why {@code username} may not try from {@code address} (or {@link #client}) now; {@code null} when it may. */
    public Refusal check(String username, String address) {
        String pk = pairKey(username, address);
        Long until = backoff.get(pk);
        long now = clock.millis();
        if (until != null && until > now) {
            return new Refusal(Math.max(1, (until - now + 999) / 1000),
                    "too many failed sign-ins for this account from this address");
        }
        if (address.startsWith("device:") || known.containsKey(pk)) {
            return null;
        }
        if (!limiter.allowed(perAddress, address)) {
            return new Refusal(limiter.retryAfterSeconds(), "too many failed sign-ins from this address");
        }
        if (!limiter.allowed(perAccount, account(username))) {
            return new Refusal(limiter.retryAfterSeconds(),
                    "too many failed sign-ins for this account from new addresses");
        }
        return null;
    }

    /** Counts a wrong password and sets the pair's next delay; returns that delay. */
    public Duration failed(String username, String address) {
        String pk = pairKey(username, address);
        int n = limiter.failed(pair, pk);
        limiter.failed(perAddress, address);
        if (!address.startsWith("device:") && !known.containsKey(pk)) {
            limiter.failed(perAccount, account(username));
        }
        Duration delay = delayAfter(n);
        if (!delay.isZero()) {
            // the TTL only cleans up; the stored instant decides, so a test clock decides too
            backoff.set(pk, clock.millis() + delay.toMillis(), delay.plus(MAX_DELAY).toSeconds(), TimeUnit.SECONDS);
        }
        return delay;
    }

    /** The wait after a pair's {@code n}-th failure in a window: none for the first few, then doubling. */
    static Duration delayAfter(int n) {
        if (n < FREE_FAILURES) {
            return Duration.ZERO;
        }
        int doublings = Math.min(n - FREE_FAILURES, 20);
        Duration d = Duration.ofSeconds(1L << doublings);
        return d.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : d;
    }

    /** Remembers the address as the account's own and forgets the pair's failures. */
    public void succeeded(String username, String address) {
        String pk = pairKey(username, address);
        known.set(pk, clock.millis(), KNOWN_FOR.toSeconds(), TimeUnit.SECONDS);
        backoff.delete(pk);
        limiter.clear(pair, pk);
        limiter.clear(perAccount, account(username));
    }

    private static String account(String username) {
        return username == null ? "" : username.toLowerCase(Locale.ROOT);
    }

    private static String pairKey(String username, String address) {
        // a NUL cannot occur in an address, so no username can forge another pair's key
        return account(username) + "\u0000" + (address == null ? "unknown" : address);
    }
}
