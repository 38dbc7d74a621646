package io.rollcall.common.enroll;

import java.util.UUID;

/**
 * The device's identity and secret. The secret is shown once; the collector keeps only its hash.
 *
 * <p>A first enrolment, or a re-enrolment that proves the current secret (request header
 * {@code Authorization: Bearer <deviceId>.<deviceSecret>}), answers {@code status = "enrolled"}: the secret
 * works at once. Re-enrolling hardware that already has a device without that proof answers
 * {@code status = "pending-approval"} with a {@code pendingId}: the new secret cannot report (reports get 403
 * {@code enrolment-pending}) until a technician approves the request, and the device's old secret keeps working
 * until then.
 *
 * @param status    {@link #ENROLLED} or {@link #PENDING_APPROVAL}; absent from older collectors, meaning enrolled
 * @param pendingId the re-enrolment request a technician approves or rejects; {@code null} when enrolled
 */
public record EnrollResponse(UUID deviceId, String deviceSecret, int reportIntervalSeconds, String status,
                             UUID pendingId) {
    public static final String ENROLLED = "enrolled";
    public static final String PENDING_APPROVAL = "pending-approval";

    /** An enrolment whose secret works at once. */
    public static EnrollResponse enrolled(UUID deviceId, String deviceSecret, int reportIntervalSeconds) {
        return new EnrollResponse(deviceId, deviceSecret, reportIntervalSeconds, ENROLLED, null);
    }

    /** True when the secret waits for a technician's approval before it can report. */
    public boolean pendingApproval() {
        return PENDING_APPROVAL.equals(status);
    }
}
