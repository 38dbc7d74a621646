package io.rollcall.agent.state;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Everything the agent remembers between runs, kept in {@code state.json} in the state directory.
 * {@link #toString()} never shows the device secret, so a state can be logged.
 *
 * @param server         the collector's base URL, e.g. {@code https://collector.school.example:8443}; {@code null} before enrolment
 * @param deviceId       assigned at enrolment; {@code null} before
 * @param deviceSecret   the bearer secret; {@code null} before enrolment
 * @param caPemFile      file name (inside the state directory) of the pinned collector CA, PEM
 * @param deviceSalt     64 hex characters, created at enrolment, salting the hashes of personal account names
 * @param reportIntervalSeconds what the collector asked for at enrolment; 0 when unknown
 * @param sectionHashes  section name → SHA-256 of its JSON in the last queued report that carried it
 * @param lastFullAt     when the last full report was queued
 * @param lastDeltaAt    when the last delta was due (queued, or skipped because nothing had changed)
 * @param lastQueuedAt   when any report was last queued
 * @param lastDeliveryAt when the collector last acknowledged a report
 * @param dropped        what the outbox dropped since enrolment
 */
public record AgentState(String server, UUID deviceId, String deviceSecret, String caPemFile, String deviceSalt,
                         int reportIntervalSeconds, Map<String, String> sectionHashes, Instant lastFullAt,
                         Instant lastDeltaAt, Instant lastQueuedAt, Instant lastDeliveryAt, DropCounters dropped) {

    /** The state of an agent that has never enrolled. */
    public static final AgentState EMPTY = new AgentState(null, null, null, null, null, 0, Map.of(), null, null, null,
            null, DropCounters.NONE);

    public AgentState {
        sectionHashes = sectionHashes == null ? Map.of() : Map.copyOf(sectionHashes);
        dropped = dropped == null ? DropCounters.NONE : dropped;
    }

    @JsonIgnore
    public boolean isEnrolled() {
        return server != null && deviceId != null && deviceSecret != null && caPemFile != null;
    }

    /** The {@code Authorization} header value. */
    @JsonIgnore
    public String bearer() {
        if (!isEnrolled()) {
            throw new IllegalStateException("not enrolled: run 'enroll' first");
        }
        return "Bearer " + deviceId + "." + deviceSecret;
    }

    public AgentState withEnrolment(String server, UUID deviceId, String deviceSecret, String caPemFile, String salt,
                                    int reportIntervalSeconds) {
        return new AgentState(server, deviceId, deviceSecret, caPemFile, salt, reportIntervalSeconds, Map.of(), null,
                null, null, lastDeliveryAt, dropped);
    }

    public AgentState withSectionHashes(Map<String, String> hashes) {
        return new AgentState(server, deviceId, deviceSecret, caPemFile, deviceSalt, reportIntervalSeconds, hashes,
                lastFullAt, lastDeltaAt, lastQueuedAt, lastDeliveryAt, dropped);
    }

    public AgentState withTimes(Instant full, Instant delta, Instant queued) {
        return new AgentState(server, deviceId, deviceSecret, caPemFile, deviceSalt, reportIntervalSeconds,
                sectionHashes, full, delta, queued, lastDeliveryAt, dropped);
    }

    public AgentState withLastDeliveryAt(Instant at) {
        return new AgentState(server, deviceId, deviceSecret, caPemFile, deviceSalt, reportIntervalSeconds,
                sectionHashes, lastFullAt, lastDeltaAt, lastQueuedAt, at, dropped);
    }

    public AgentState withMoreDropped(DropCounters more) {
        return new AgentState(server, deviceId, deviceSecret, caPemFile, deviceSalt, reportIntervalSeconds,
                sectionHashes, lastFullAt, lastDeltaAt, lastQueuedAt, lastDeliveryAt, dropped.plus(more));
    }

    @Override
    public String toString() {
        return "AgentState[server=" + server + ", deviceId=" + deviceId + ", deviceSecret="
                + (deviceSecret == null ? "none" : "(hidden)") + ", caPemFile=" + caPemFile + ", lastFullAt="
                + lastFullAt + ", lastDeliveryAt=" + lastDeliveryAt + ", dropped=" + dropped + "]";
    }
}
