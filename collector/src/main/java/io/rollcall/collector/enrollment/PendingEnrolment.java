package io.rollcall.collector.enrollment;

import java.time.Instant;
import java.util.UUID;

/**
 * A re-enrolment of known hardware that did not prove the device's current secret, with what the technician needs to
 * judge it: what the requester claims, where it came from, and how the device itself looks now.
 *
 * @param address    the client address the request came from
 * @param tokenLabel the label of the enrolment token it used
 * @param status     {@code pending}, {@code approved}, {@code rejected} or {@code replaced} (a later request from the
 *                   same address, or a newer one beyond {@link PendingEnrolments#MAX_PER_DEVICE}, took its place)
 * @param device     the device as it is: its current host name, serial and last report, to compare against
 */
public record PendingEnrolment(UUID id, UUID deviceId, String hostname, String serialNumber, String osFamily,
                               String osVersion, String address, Instant requestedAt, String tokenLabel, String status,
                               Instant decidedAt, String decidedBy, Current device) {

    /** The device's own record now; {@code lastReportAt} null when it has never reported. */
    public record Current(String hostname, String serialNumber, String osFamily, String osVersion, Instant enrolledAt,
                          Instant lastReportAt) {
    }
}
