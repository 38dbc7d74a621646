package io.rollcall.agent.state;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
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
 * @param mediaHistorySentUpTo the newest system-recorded media history event (USBSTOR, kernel journal) the collector
 *                       has acknowledged; full reports carry only history after it. {@code null}: none yet
 * @param mediaHistoryInFlight reportId → the newest history event that queued report carries; moves into
 *                       {@code mediaHistorySentUpTo} when the collector acknowledges that report, and is forgotten
 *                       when the report leaves the outbox any other way (dropped, rejected), so its history is sent
 *                       again
 */
public record AgentState(String server, UUID deviceId, String deviceSecret, String caPemFile, String deviceSalt,
                         int reportIntervalSeconds, Map<String, String> sectionHashes, Instant lastFullAt,
                         Instant lastDeltaAt, Instant lastQueuedAt, Instant lastDeliveryAt, DropCounters dropped,
                         Instant mediaHistorySentUpTo, Map<UUID, Instant> mediaHistoryInFlight) {

    /** The state of an agent that has never enrolled. */
    public static final AgentState EMPTY = new AgentState(null, null, null, null, null, 0, Map.of(), null, null, null,
            null, DropCounters.NONE, null, Map.of());

    public AgentState {
        sectionHashes = sectionHashes == null ? Map.of() : Map.copyOf(sectionHashes);
        dropped = dropped == null ? DropCounters.NONE : dropped;
        mediaHistoryInFlight = mediaHistoryInFlight == null ? Map.of() : Map.copyOf(mediaHistoryInFlight);
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
                null, null, lastDeliveryAt, dropped, null, Map.of());
    }

    public AgentState withSectionHashes(Map<String, String> hashes) {
        return new AgentState(server, deviceId, deviceSecret, caPemFile, deviceSalt, reportIntervalSeconds, hashes,
                lastFullAt, lastDeltaAt, lastQueuedAt, lastDeliveryAt, dropped, mediaHistorySentUpTo,
                mediaHistoryInFlight);
    }

    public AgentState withTimes(Instant full, Instant delta, Instant queued) {
        return new AgentState(server, deviceId, deviceSecret, caPemFile, deviceSalt, reportIntervalSeconds,
                sectionHashes, full, delta, queued, lastDeliveryAt, dropped, mediaHistorySentUpTo, mediaHistoryInFlight);
    }

    public AgentState withLastDeliveryAt(Instant at) {
        return new AgentState(server, deviceId, deviceSecret, caPemFile, deviceSalt, reportIntervalSeconds,
                sectionHashes, lastFullAt, lastDeltaAt, lastQueuedAt, at, dropped, mediaHistorySentUpTo,
                mediaHistoryInFlight);
    }

    public AgentState withMoreDropped(DropCounters more) {
        return new AgentState(server, deviceId, deviceSecret, caPemFile, deviceSalt, reportIntervalSeconds,
                sectionHashes, lastFullAt, lastDeltaAt, lastQueuedAt, lastDeliveryAt, dropped.plus(more), mediaHistorySentUpTo,
                mediaHistoryInFlight);
    }

    /** Remembers that queued report {@code reportId} carries history up to {@code upTo}. */
    public AgentState withHistoryInFlight(UUID reportId, Instant upTo) {
        Map<UUID, Instant> m = new HashMap<>(mediaHistoryInFlight);
        m.put(reportId, upTo);
        return withHistory(mediaHistorySentUpTo, m);
    }

    /**
     * Settles the in-flight history after a drain: reports the collector acknowledged advance the watermark, reports
     * no longer queued for any other reason are forgotten (their history goes again with the next full report).
     */
    public AgentState withHistorySettled(Set<UUID> delivered, Set<UUID> stillQueued) {
        if (mediaHistoryInFlight.isEmpty()) {
            return this;
        }
        Instant upTo = mediaHistorySentUpTo;
        Map<UUID, Instant> m = new HashMap<>();
        for (Map.Entry<UUID, Instant> e : mediaHistoryInFlight.entrySet()) {
            if (delivered.contains(e.getKey())) {
                upTo = upTo == null || e.getValue().isAfter(upTo) ? e.getValue() : upTo;
            } else if (stillQueued.contains(e.getKey())) {
                m.put(e.getKey(), e.getValue());
            }
        }
        return withHistory(upTo, m);
    }

    private AgentState withHistory(Instant upTo, Map<UUID, Instant> inFlight) {
        return new AgentState(server, deviceId, deviceSecret, caPemFile, deviceSalt, reportIntervalSeconds,
                sectionHashes, lastFullAt, lastDeltaAt, lastQueuedAt, lastDeliveryAt, dropped, upTo, inFlight);
    }

    @Override
    public String toString() {
        return "AgentState[server=" + server + ", deviceId=" + deviceId + ", deviceSecret="
                + (deviceSecret == null ? "none" : "(hidden)") + ", caPemFile=" + caPemFile + ", lastFullAt="
                + lastFullAt + ", lastDeliveryAt=" + lastDeliveryAt + ", dropped=" + dropped + "]";
    }
}
