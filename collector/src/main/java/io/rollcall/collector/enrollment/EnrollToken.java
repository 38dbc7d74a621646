package io.rollcall.collector.enrollment;

import java.time.Instant;
import java.util.UUID;

/**
 * One enrolment token as stored: never the token itself, only what a technician manages it by.
 *
 * @param firstRun   the token issued on the collector's first start ({@code first-run.json})
 * @param maxDevices how many new devices it may enrol; re-enrolments of known hardware do not count
 * @param perMinute  enrolment requests it may make per minute, cluster-wide
 * @param enrolled   new devices enrolled with it so far
 */
public record EnrollToken(UUID id, String label, boolean firstRun, Instant createdAt, String createdBy, Instant expiresAt,
                          int maxDevices, int perMinute, int enrolled, Instant lastUsedAt, Instant revokedAt,
                          String revokedBy) {
    public static final String ACTIVE = "active";
    public static final String EXPIRED = "expired";
    public static final String REVOKED = "revoked";
    public static final String USED_UP = "used-up";

    /** {@link #REVOKED}, {@link #EXPIRED}, {@link #USED_UP} or {@link #ACTIVE}, in that order of precedence. */
    public String state(Instant now) {
        if (revokedAt != null) {
            return REVOKED;
        }
        if (!now.isBefore(expiresAt)) {
            return EXPIRED;
        }
        return enrolled >= maxDevices ? USED_UP : ACTIVE;
    }
}
