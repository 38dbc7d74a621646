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
 * @param sectionHashes  section name → digest of its JSON in the last queued report that carried it ({@code SectionHashes})
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
 * @param enrollToken    the enrolment token of the last enrolment, kept (sealed like the secret) so that an agent whose
 *                       credential is refused can re-enrol by itself; {@code null} before enrolment
 * @param pending        a re-enrolment waiting for a technician's approval, kept beside the credential that still
 *                       works; {@code null} when there is none
 */
public record AgentState(String server, UUID deviceId, String deviceSecret, String caPemFile, String deviceSalt,
                         int reportIntervalSeconds, Map<String, String> sectionHashes, Instant lastFullAt,
                         Instant lastDeltaAt, Instant lastQueuedAt, Instant lastDeliveryAt, DropCounters dropped,
                         Instant mediaHistorySentUpTo, Map<UUID, Instant> mediaHistoryInFlight, String enrollToken,
                         PendingCredential pending) {

    /** The state of an agent that has never enrolled. */
    public static final AgentState EMPTY = new AgentState(null, null, null, null, null, 0, Map.of(), null, null, null,
            null, DropCounters.NONE, null, Map.of(), null, null);

    public AgentState {
        sectionHashes = sectionHashes == null ? Map.of() : Map.copyOf(sectionHashes);
        dropped = dropped == null ? DropCounters.NONE : dropped;
        mediaHistoryInFlight = mediaHistoryInFlight == null ? Map.of() : Map.copyOf(mediaHistoryInFlight);
    }

    /** Enrolled with this collector: holding a working credential, or one that waits for a technician's approval. */
    @JsonIgnore
    public boolean isEnrolled() {
        return server != null && deviceId != null && caPemFile != null && (deviceSecret != null || pending != null);
    }

    /** Holds a credential that can report now (as far as the agent knows). */
    @JsonIgnore
    public boolean hasCredential() {
        return isEnrolled() && deviceSecret != null;
    }

    /** The {@code Authorization} header value of the current credential. */
    @JsonIgnore
    public String bearer() {
        if (!hasCredential()) {
            throw new IllegalStateException("no working credential: run 'enroll' first");
        }
        return "Bearer " + deviceId + "." + deviceSecret;
    }

    public AgentState withEnrolment(String server, UUID deviceId, String deviceSecret, String caPemFile, String salt,
                                    int reportIntervalSeconds) {
        return new AgentState(server, deviceId, deviceSecret, caPemFile, salt, reportIntervalSeconds, Map.of(), null,
                null, null, lastDeliveryAt, dropped, null, Map.of(), enrollToken, null);
    }

    /**
     * A re-enrolment now waits for approval. With a working credential for the same collector the agent keeps it and
     * everything else; without one it is enrolled from scratch, with only the waiting credential.
     */
    public AgentState withPendingEnrolment(String server, String caPemFile, String salt, PendingCredential waiting) {
        if (hasCredential() && server.equals(this.server)) {
            return new AgentState(this.server, deviceId, deviceSecret, this.caPemFile, deviceSalt, reportIntervalSeconds,
                    sectionHashes, lastFullAt, lastDeltaAt, lastQueuedAt, lastDeliveryAt, dropped, mediaHistorySentUpTo,
                    mediaHistoryInFlight, enrollToken, waiting);
        }
        return new AgentState(server, waiting.deviceId(), null, caPemFile, salt, waiting.reportIntervalSeconds(),
                Map.of(), null, null, null, lastDeliveryAt, dropped, null, Map.of(), enrollToken, waiting);
    }

    /** The collector accepted the waiting credential: it becomes the current one and the old one is dropped. */
    public AgentState withPendingPromoted() {
        if (pending == null) {
            return this;
        }
        int interval = pending.reportIntervalSeconds() > 0 ? pending.reportIntervalSeconds() : reportIntervalSeconds;
        return new AgentState(server, pending.deviceId(), pending.deviceSecret(), caPemFile, deviceSalt, interval,
                sectionHashes, lastFullAt, lastDeltaAt, lastQueuedAt, lastDeliveryAt, dropped, mediaHistorySentUpTo,
                mediaHistoryInFlight, enrollToken, null);
    }

    /** The waiting credential was refused outright (a technician rejected it): forget it. */
    public AgentState withoutPending() {
        return new AgentState(server, deviceId, deviceSecret, caPemFile, deviceSalt, reportIntervalSeconds,
                sectionHashes, lastFullAt, lastDeltaAt, lastQueuedAt, lastDeliveryAt, dropped, mediaHistorySentUpTo,
                mediaHistoryInFlight, enrollToken, null);
    }

    /** Remembers the token the last enrolment used, for re-enrolling without a person. */
    public AgentState withEnrollToken(String token) {
        return new AgentState(server, deviceId, deviceSecret, caPemFile, deviceSalt, reportIntervalSeconds,
                sectionHashes, lastFullAt, lastDeltaAt, lastQueuedAt, lastDeliveryAt, dropped, mediaHistorySentUpTo,
                mediaHistoryInFlight, token, pending);
    }

    public AgentState withSectionHashes(Map<String, String> hashes) {
        return new AgentState(server, deviceId, deviceSecret, caPemFile, deviceSalt, reportIntervalSeconds, hashes,
                lastFullAt, lastDeltaAt, lastQueuedAt, lastDeliveryAt, dropped, mediaHistorySentUpTo,
                mediaHistoryInFlight, enrollToken, pending);
    }

    public AgentState withTimes(Instant full, Instant delta, Instant queued) {
        return new AgentState(server, deviceId, deviceSecret, caPemFile, deviceSalt, reportIntervalSeconds,
                sectionHashes, full, delta, queued, lastDeliveryAt, dropped, mediaHistorySentUpTo, mediaHistoryInFlight,
                enrollToken, pending);
    }

    public AgentState withLastDeliveryAt(Instant at) {
        return new AgentState(server, deviceId, deviceSecret, caPemFile, deviceSalt, reportIntervalSeconds,
                sectionHashes, lastFullAt, lastDeltaAt, lastQueuedAt, at, dropped, mediaHistorySentUpTo,
                mediaHistoryInFlight, enrollToken, pending);
    }

    public AgentState withMoreDropped(DropCounters more) {
        return new AgentState(server, deviceId, deviceSecret, caPemFile, deviceSalt, reportIntervalSeconds,
                sectionHashes, lastFullAt, lastDeltaAt, lastQueuedAt, lastDeliveryAt, dropped.plus(more), mediaHistorySentUpTo,
                mediaHistoryInFlight, enrollToken, pending);
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
                sectionHashes, lastFullAt, lastDeltaAt, lastQueuedAt, lastDeliveryAt, dropped, upTo, inFlight, enrollToken,
                pending);
    }

    @Override
    public String toString() {
        return "AgentState[server=" + server + ", deviceId=" + deviceId + ", deviceSecret="
                + (deviceSecret == null ? "none" : "(hidden)") + ", caPemFile=" + caPemFile + ", lastFullAt="
                + lastFullAt + ", lastDeliveryAt=" + lastDeliveryAt + ", dropped=" + dropped + ", enrollToken="
                + (enrollToken == null ? "none" : "(hidden)") + ", pending=" + pending + "]";
    }
}
