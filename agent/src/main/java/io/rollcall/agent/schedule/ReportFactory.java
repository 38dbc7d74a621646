package io.rollcall.agent.schedule;

import io.rollcall.agent.AgentVersion;
import io.rollcall.agent.probe.ScanResult;
import io.rollcall.agent.state.DropCounters;
import io.rollcall.common.id.TimeOrderedUuid;
import io.rollcall.common.report.Diagnostics;
import io.rollcall.common.report.MediaEvent;
import io.rollcall.common.report.ProbeError;
import io.rollcall.common.report.RemovableMedia;
import io.rollcall.common.report.Report;
import io.rollcall.common.report.ReportKind;
import io.rollcall.common.report.Sections;
import io.rollcall.common.report.SoftwareItem;
import io.rollcall.common.wire.Limits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Builds reports. A full report carries every section; a delta only the sections whose hash differs from the last
 * queued report that carried them, plus pending media events; a heartbeat carries no sections, only diagnostics.
 *
 * <p>Media events: the poller's pending events always travel (oldest first). A full report also carries the history
 * the system itself recorded (the scan's {@code removableMedia.events}: USBSTOR, the kernel journal) that is newer
 * than the "history sent up to" watermark, so history reaches the collector once per change instead of in every
 * report. Deltas never carry history. Together at most {@link Limits#MAX_MEDIA_EVENTS}, pending events first.
 */
public final class ReportFactory {
    /** The earliest time the collector's ReportValidator accepts. */
    private static final Instant EARLIEST_EVENT = Instant.parse("2000-01-01T00:00:00Z");
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
     * @param historyUpTo     the newest history event the report carries; the watermark may move there once the
     *                        collector acknowledged it. {@code null} when it carries no history
     */
    public record Built(Report report, Map<String, String> sectionHashes, int eventsIncluded, boolean empty,
                        Instant historyUpTo) {
    }

    /** As {@link #build(ReportKind, Instant, ScanResult, List, Instant, Map, int, DropCounters)} with no history sent yet. */
    public Built build(ReportKind kind, Instant now, ScanResult scan, List<MediaEvent> pendingEvents,
                       Map<String, String> lastHashes, int outboxDepth, DropCounters dropped) {
        return build(kind, now, scan, pendingEvents, null, lastHashes, outboxDepth, dropped);
    }

    /**
     * @param scan           the scan; ignored (may be {@code null}) for a heartbeat
     * @param pendingEvents  media events not yet in any queued report, oldest first
     * @param historySentUpTo history events at or before this were acknowledged already; {@code null}: none was
     * @param lastHashes     section hashes of the last queued report(s)
     */
    public Built build(ReportKind kind, Instant now, ScanResult scan, List<MediaEvent> pendingEvents,
                       Instant historySentUpTo, Map<String, String> lastHashes, int outboxDepth,
                       DropCounters dropped) {
        List<ProbeError> errors = scan == null ? List.of() : scan.errors();
        if (errors.size() > Limits.MAX_PROBE_ERRORS) {
            errors = errors.subList(0, Limits.MAX_PROBE_ERRORS);
        }
        Diagnostics diag = new Diagnostics(outboxDepth, dropped.heartbeats(), dropped.reports(), dropped.events(), errors);
        if (kind == ReportKind.HEARTBEAT) {
            return new Built(report(kind, now, Sections.EMPTY, diag), lastHashes, 0, false, null);
        }
        List<MediaEvent> events = pendingEvents.size() > Limits.MAX_MEDIA_EVENTS
                ? pendingEvents.subList(0, Limits.MAX_MEDIA_EVENTS) : pendingEvents;
        Sections all = scan.sections();
        if (all.software() != null
                && all.software().stream().anyMatch(i -> i != null && outOfRange(i.installedAt(), now))) {
            // an install date is the installer's (or, per user, the user's) to write: one the collector would refuse
            // is dropped, not the whole report
            all = all.withSoftware(all.software().stream().map(i -> i == null || !outOfRange(i.installedAt(), now) ? i
                    : new SoftwareItem(i.name(), i.version(), i.publisher(), null, i.source(), i.location())).toList());
        }
        RemovableMedia media = all.removableMedia();
        // the OS's own record (USBSTOR times, the journal) can hold times from a clock that was once wrong; the
        // collector refuses a whole report with an event before 2000 or a day ahead of its clock, so those stay here
        List<MediaEvent> history = kind == ReportKind.FULL && media != null
                ? HistoryWindow.after(media.events().stream().filter(e -> e == null || e.at() == null
                        || !e.at().isAfter(now) && !e.at().isBefore(EARLIEST_EVENT)).toList(), historySentUpTo,
                        Limits.MAX_MEDIA_EVENTS - events.size())
                : List.of();
        if (media != null || !events.isEmpty()) {
            // a failed media probe leaves the section out rather than claiming nothing is connected
            List<MediaEvent> carried = new ArrayList<>(events);
            carried.addAll(history);
            all = all.withRemovableMedia(new RemovableMedia(media == null ? List.of() : media.connected(), carried));
        }
        Map<String, String> hashes = SectionHashes.of(all);
        if (kind == ReportKind.FULL) {
            return new Built(report(kind, now, all, diag), hashes, events.size(), false,
                    history.isEmpty() ? null : history.get(history.size() - 1).at());
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
        return new Built(report(kind, now, delta, diag), remembered, events.size(), delta.equals(Sections.EMPTY),
                null);
    }

    private static boolean changed(String section, Map<String, String> now, Map<String, String> before) {
        String h = now.get(section);
        return h != null && !h.equals(before.get(section));
    }

    private static boolean outOfRange(Instant t, Instant now) {
        return t != null && (t.isAfter(now) || t.isBefore(EARLIEST_EVENT));
    }

    private Report report(ReportKind kind, Instant now, Sections sections, Diagnostics diag) {
        return new Report(Report.SCHEMA_VERSION, TimeOrderedUuid.next(), deviceId, AgentVersion.current(), now, kind,
                sections, diag);
    }
}
