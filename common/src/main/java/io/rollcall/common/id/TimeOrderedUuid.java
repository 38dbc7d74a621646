package io.rollcall.common.id;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * UUID version 7 (RFC 9562, section 5.7): the first 48 bits are the Unix time in milliseconds, the other 74 free bits
 * random. Ids made one after another sort one after another (within a millisecond, in any order), both as H2 compares
 * UUIDs and as PostgreSQL does (bytes, unsigned), so rows keyed by them are added at the right-hand edge of a B-tree:
 * a group of new rows dirties a few pages, not one page a row as random (version 4) keys do.
 *
 * <p>What they give away is when they were made, to the millisecond; none of Rollcall's ids is a secret (a device
 * proves itself with its secret, not its id), and the 74 random bits come from the same {@link SecureRandom} kind
 * as {@link UUID#randomUUID()}'s, so one id still tells nothing about the next.
 */
public final class TimeOrderedUuid {
    private static final SecureRandom RANDOM = new SecureRandom();

    private TimeOrderedUuid() {
    }

    /** A version 7 UUID for now. */
    public static UUID next() {
        return at(System.currentTimeMillis());
    }

    /** A version 7 UUID for {@code epochMillis} (0 to 2^48 - 1). */
    public static UUID at(long epochMillis) {
        if (epochMillis < 0 || epochMillis >>> 48 != 0) {
            throw new IllegalArgumentException("epochMillis " + epochMillis + " does not fit in 48 bits");
        }
        byte[] r = new byte[10];
        RANDOM.nextBytes(r);
        long randA = ((r[0] & 0x0fL) << 8) | (r[1] & 0xffL);
        long high = epochMillis << 16 | 0x7000L | randA;
        long low = 0L;
        for (int i = 2; i < 10; i++) {
            low = low << 8 | (r[i] & 0xffL);
        }
        low = low & 0x3fff_ffff_ffff_ffffL | 0x8000_0000_0000_0000L; // variant 10
        return new UUID(high, low);
    }

    /** The millisecond a version 7 UUID was made at. */
    public static long millisOf(UUID id) {
        if (id.version() != 7) {
            throw new IllegalArgumentException("not a version 7 UUID: " + id);
        }
        return id.getMostSignificantBits() >>> 16;
    }
}
