package io.rollcall.collector.auth;

import java.util.Locale;

/**
 * The sign-in limits over the shared {@link FailureLimiter}: failed password attempts per account and
 * per client address. While either count is at its limit, every attempt is refused, even one with the
 * right password. A success clears the account's count. Blocking (IMap calls): use from a worker.
 */
public final class LoginLimiter {
    /** Map name (shared with the other failure limits). */
    public static final String MAP = FailureLimiter.MAP;

    private final FailureLimiter limiter;
    private final FailureLimiter.Limit perAccount;
    private final FailureLimiter.Limit perAddress;

    public LoginLimiter(FailureLimiter limiter, int perAccount, int perAddress) {
        this.limiter = limiter;
        this.perAccount = new FailureLimiter.Limit("a", perAccount);
        this.perAddress = new FailureLimiter.Limit("r", perAddress);
    }

    /** Five failures per account and fifty per address in the limiter's window (fifteen minutes). */
    public static LoginLimiter defaults(FailureLimiter limiter) {
        return new LoginLimiter(limiter, 5, 50);
    }

    /** False when the account or the address has used up its failures in this window. */
    public boolean allowed(String username, String address) {
        return limiter.allowed(perAccount, account(username)) && limiter.allowed(perAddress, address);
    }

    public void failed(String username, String address) {
        limiter.failed(perAccount, account(username));
        limiter.failed(perAddress, address);
    }

    public void succeeded(String username) {
        limiter.clear(perAccount, account(username));
    }

    /** How long a refused caller should wait before the window turns: the Retry-After value. */
    public long retryAfterSeconds() {
        return limiter.retryAfterSeconds();
    }

    private static String account(String username) {
        return username == null ? "" : username.toLowerCase(Locale.ROOT);
    }
}
