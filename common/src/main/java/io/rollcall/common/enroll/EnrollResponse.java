package io.rollcall.common.enroll;

import java.util.UUID;

/**
 * The device's identity and secret. The secret is shown once; the collector keeps only its hash.
 * Re-enrolling the same hardware returns the same deviceId with a new secret.
 */
public record EnrollResponse(UUID deviceId, String deviceSecret, int reportIntervalSeconds) {
}
