package io.rollcall.agent.transport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;

/**
 * Exponential backoff with full jitter: after the n-th consecutive failure the next attempt waits a uniformly
 * random time in {@code [0, min(cap, base·2^(n-1))]}. Jitter spreads a whole school's laptops out when the
 * collector comes back after an outage, instead of all of them retrying in the same second.
 * Not thread-safe; one sender owns one backoff.
 */
public final class Backoff {
    public static final Duration BASE = Duration.ofSeconds(5);
    public static final Duration CAP = Duration.ofHours(1);

    private final Duration base;
    private final Duration cap;
    private final Random random;
    private final Clock clock;
    private int failures;
    private Instant notBefore = Instant.MIN;

    public Backoff(Duration base, Duration cap, Random random, Clock clock) {
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException(String.format("base was %s and cap %s; need 0 < base ≤ cap", base, cap));
        }
        this.base = base;
        this.cap = cap;
        this.random = random;
        this.clock = clock;
    }

    public static Backoff standard(Clock clock) {
        return new Backoff(BASE, CAP, new Random(), clock);
    }

    /** The ceiling for the wait after {@code failures} consecutive failures (≥ 1). */
    public Duration ceiling(int failures) {
        int shift = Math.min(Math.max(failures - 1, 0), 30); // 5 s · 2^30 is far past any cap: stop before overflow
        long millis = base.toMillis() << shift;
        return millis >= cap.toMillis() || millis < 0 ? cap : Duration.ofMillis(millis);
    }

    /** Records a failure and returns how long to wait before the next attempt. */
    public Duration failed() {
        return failed(clock.instant());
    }

    /** {@link #failed()} at a given moment, for a caller that drives time itself. */
    public Duration failed(Instant now) {
        failures++;
        long ceiling = ceiling(failures).toMillis();
        Duration wait = Duration.ofMillis((long) (random.nextDouble() * (ceiling + 1)));
        notBefore = now.plus(wait);
        return wait;
    }

    /** A success: the next failure starts from {@code base} again. */
    public void succeeded() {
        failures = 0;
        notBefore = Instant.MIN;
    }

    /**
     * Continues from what an earlier process's backoff reached ({@link #failures()}, {@link #notBefore()}), so a
     * short-lived worker keeps backing off where the last one stopped; {@code null} means no wait.
     */
    public void resume(int failures, Instant notBefore) {
        if (failures < 0) {
            throw new IllegalArgumentException("failures was " + failures + ", must be ≥ 0");
        }
        this.failures = failures;
        this.notBefore = notBefore == null ? Instant.MIN : notBefore;
    }

    /** Whether an attempt may be made now. */
    public boolean ready() {
        return ready(clock.instant());
    }

    public boolean ready(Instant now) {
        return !now.isBefore(notBefore);
    }

    public Instant notBefore() {
        return notBefore;
    }

    public int failures() {
        return failures;
    }
}
