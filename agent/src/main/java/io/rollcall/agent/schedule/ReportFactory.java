package io.rollcall.agent.schedule;

import io.rollcall.agent.AgentVersion;
import io.rollcall.agent.probe.ScanResult;
import io.rollcall.agent.state.DropCounters;
import io.rollcall.common.report.Diagnostics;
import io.rollcall.common.report.MediaEvent;
import io.rollcall.common.report.ProbeError;
import io.rollcall.common.report.RemovableMedia;
import io.rollcall.common.report.Report;
import io.rollcall.common.report.ReportKind;
import io.rollcall.common.report.Sections;
import io.rollcall.common.wire.Limits;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Builds reports. A full report carries every section; a delta only the sections whose hash differs from the last
 * queued report that carried them, plus pending media events; a heartbeat carries no sections, only diagnostics.
 */
public final class ReportFactory {
    private final UUID deviceId;

    public ReportFactory(UUID deviceId) {
        this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
    }

    /**
     * A report and what queueing it means for the agent's memory.
     *
     * @param report          the report
     * @param sectionHashes   the hashes to remember once it is queued
     * @param eventsIncluded  how many pending events (oldest first) it carries
     * @param empty           a delta in which nothing changed: not worth sending
     */
    public record Built(Report report, Map<String, String> sectionHashes, int eventsIncluded, boolean empty) {
    }

    /**
     * @param scan           the scan; ignored (may be {@code null}) for a heartbeat
     * @param pendingEvents  media events not yet in any queued report, oldest first
     * @param lastHashes     section hashes of the last queued report(s)
     */
    public Built build(ReportKind kind, Instant now, ScanResult scan, List<MediaEvent> pendingEvents,
                       Map<String, String> lastHashes, int outboxDepth, DropCounters dropped) {
        List<ProbeError> errors = scan == null ? List.of() : scan.errors();
        if (errors.size() > Limits.MAX_PROBE_ERRORS) {
            errors = errors.subList(0, Limits.MAX_PROBE_ERRORS);
        }
        Diagnostics diag = new Diagnostics(outboxDepth, dropped.heartbeats(), dropped.reports(), dropped.events(), errors);
        if (kind == ReportKind.HEARTBEAT) {
            return new Built(report(kind, now, Sections.EMPTY, diag), lastHashes, 0, false);
        }
        List<MediaEvent> events = pendingEvents.size() > Limits.MAX_MEDIA_EVENTS
                ? pendingEvents.subList(0, Limits.MAX_MEDIA_EVENTS) : pendingEvents;
        Sections all = scan.sections();
        RemovableMedia media = all.removableMedia();
        if (media != null || !events.isEmpty()) {
            // a failed media probe leaves the section out rather than claiming nothing is connected
            all = all.withRemovableMedia(new RemovableMedia(media == null ? List.of() : media.connected(), events));
        }
        Map<String, String> hashes = SectionHashes.of(all);
        if (kind == ReportKind.FULL) {
            return new Built(report(kind, now, all, diag), hashes, events.size(), false);
        }
        Sections delta = Sections.EMPTY;
        if (changed("os", hashes, lastHashes)) {
            delta = delta.withOs(all.os());
        }
        if (changed("hardware", hashes, lastHashes)) {
            delta = delta.withHardware(all.hardware());
        }
        if (changed("software", hashes, lastHashes)) {
            delta = delta.withSoftware(all.software());
        }
        if (changed("removableMedia", hashes, lastHashes) || !events.isEmpty()) {
            delta = delta.withRemovableMedia(all.removableMedia());
        }
        if (changed("accounts", hashes, lastHashes)) {
            delta = delta.withAccounts(all.accounts());
        }
        if (changed("screenLock", hashes, lastHashes)) {
            delta = delta.withScreenLock(all.screenLock());
        }
        if (changed("security", hashes, lastHashes)) {
            delta = delta.withSecurity(all.security());
        }
        Map<String, String> remembered = new HashMap<>(lastHashes);
        remembered.putAll(hashes);
        return new Built(report(kind, now, delta, diag), remembered, events.size(), delta.equals(Sections.EMPTY));
    }

    private static boolean changed(String section, Map<String, String> now, Map<String, String> before) {
        String h = now.get(section);
        return h != null && !h.equals(before.get(section));
    }

    private Report report(ReportKind kind, Instant now, Sections sections, Diagnostics diag) {
        return new Report(Report.SCHEMA_VERSION, UUID.randomUUID(), deviceId, AgentVersion.current(), now, kind,
                sections, diag);
    }
}
