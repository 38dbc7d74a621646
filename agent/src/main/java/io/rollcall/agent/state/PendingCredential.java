package io.rollcall.agent.state;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.UUID;

/**
 * A credential the collector issued but holds until a technician approves the re-enrolment: reports carrying it get
 * 403 {@code enrolment-pending}. The agent keeps it beside the credential that still works, tries it every send
 * cycle and promotes it once the collector accepts it. {@link #toString()} never shows the secret.
 *
 * @param deviceId              the device the collector will know this hardware as
 * @param deviceSecret          the waiting secret
 * @param pendingId             the request a technician approves or rejects; {@code null} if the collector sent none
 * @param since                 when the agent got the answer
 * @param reportIntervalSeconds what the collector asked for with it; 0 when unknown
 * @param proofRefused          {@code true} when the agent sent its current credential as proof and the collector
 *                              still answered pending-approval: the collector accepts a proof of the device's current
 *                              secret at once, so that credential no longer reports; {@code null} otherwise (also in
 *                              state files written before this field existed)
 */
public record PendingCredential(UUID deviceId, String deviceSecret, UUID pendingId, Instant since,
                                int reportIntervalSeconds, Boolean proofRefused) {

    /** A waiting credential asked for without proof: the current credential, if any, may still report. */
    public PendingCredential(UUID deviceId, String deviceSecret, UUID pendingId, Instant since,
                             int reportIntervalSeconds) {
        this(deviceId, deviceSecret, pendingId, since, reportIntervalSeconds, null);
    }

    /** The collector refused the current credential as proof: nothing reports until this one is approved. */
    @JsonIgnore
    public boolean currentRefused() {
        return Boolean.TRUE.equals(proofRefused);
    }

    /** The {@code Authorization} header value for this credential. */
    @JsonIgnore
    public String bearer() {
        return "Bearer " + deviceId + "." + deviceSecret;
    }

    @Override
    public String toString() {
        return "PendingCredential[deviceId=" + deviceId + ", pendingId=" + pendingId + ", since=" + since
                + (currentRefused() ? ", current credential refused" : "") + "]";
    }
}
