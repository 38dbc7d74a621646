package io.rollcall.collector.ingest;

import com.hazelcast.map.IMap;

import io.rollcall.collector.db.Database;
import io.rollcall.collector.db.Docs;
import io.rollcall.collector.devices.DeviceQueries;
import io.rollcall.collector.devices.DeviceRecord;
import io.rollcall.collector.findings.Catalogue;
import io.rollcall.collector.findings.DeviceFacts;
import io.rollcall.collector.findings.FindingReconciler;
import io.rollcall.collector.findings.OpenFinding;
import io.rollcall.collector.findings.Policy;
import io.rollcall.collector.findings.RuleEngine;
import io.rollcall.collector.findings.Verdict;
import io.rollcall.collector.http.Api;
import io.rollcall.collector.http.ApiException;
import io.rollcall.collector.software.InstallIndex;
import io.rollcall.collector.software.SoftwareIndexer;
import io.rollcall.common.enroll.ReportAck;
import io.rollcall.common.report.MediaEvent;
import io.rollcall.common.report.Report;
import io.rollcall.common.report.Sections;
import io.rollcall.common.wire.ReportCodec;
import io.rollcall.common.wire.WireException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Stores one report and re-evaluates its device: works out which sections changed, evaluates the
 * rules on the device's merged current state, reconciles findings, and hands everything to a
 * {@link ReportWriter} ({@link ReportWriters} picks which) as one unit. Returns only after the commit. Reports of one
 * device are serialised by a cluster-wide lock on the device's key, so two nodes never interleave them.
 * Blocking: call from a worker thread.
 */
public final class IngestService implements AutoCloseable {
    private final IMap<String, DeviceRecord> devices;
    private final IngestReads findings;
    private final DeviceQueries deviceQueries;
    private final RuleEngine engine;
    private final Supplier<Policy> policy;
    private final Clock clock;
    private final ReportWriters writers;
    private final Catalogue catalogue;
    /** Keeps the install index behind the acknowledgement; {@code null} without a software catalogue. */
    private final SoftwareIndexer indexer;
    /** Agents' software lists, stored once each and shared by the devices that report them. */
    private final SoftwareLists lists;
    private volatile io.rollcall.collector.findings.FindingEvents findingEvents = io.rollcall.collector.findings.FindingEvents.NONE;

    /** Without a software catalogue: no install index, titles named by their raw names. */
    public IngestService(Database db, IMap<String, DeviceRecord> devices, IngestReads findings,
                         DeviceQueries deviceQueries, RuleEngine engine, Supplier<Policy> policy, Clock clock) {
        this(db, devices, findings, deviceQueries, engine, policy, clock, Catalogue.empty(), null, t -> { });
    }

    /**
     * @param catalogue     names the titles of the install index (the same catalogue the engine's software rules use)
     * @param index         the per-title install index, kept up to date from each changed software list by a
     *                      {@link SoftwareIndexer} behind the acknowledgement
     * @param titlesChanged runs after each index commit, outside the device locks, for the titles whose holders changed
     */
    public IngestService(Database db, IMap<String, DeviceRecord> devices, IngestReads findings,
                         DeviceQueries deviceQueries, RuleEngine engine, Supplier<Policy> policy, Clock clock,
                         Catalogue catalogue, InstallIndex index, SoftwareIndexer.TitlesChanged titlesChanged) {
        this.catalogue = catalogue;
        this.devices = devices;
        this.findings = findings;
        this.deviceQueries = deviceQueries;
        this.engine = engine;
        this.policy = policy;
        this.clock = clock;
        this.writers = ReportWriters.of(db);
        this.lists = new SoftwareLists(db);
        this.indexer = index == null ? null
                : new SoftwareIndexer(db, devices, catalogue, index, clock, titlesChanged);
        if (indexer != null) {
            writers.onIndexQueued(indexer::wake);
            indexer.reevaluateWith(this::reevaluate);
            indexer.yieldTo(writers::lastCommitNanos);
        }
    }

    /** The software lists stored once for every device that reports them (what the decoder matches digests against). */
    public SoftwareLists softwareLists() {
        return lists;
    }

    /** The install indexer of this node; {@code null} without a software catalogue. */
    public SoftwareIndexer indexer() {
        return indexer;
    }

    /**
     * Stores a report decoded without a span digest (the OCS interop path): its software list, if any, is hashed
     * field by field ({@link SectionDocs#hash}).
     */
    public ReportAck ingest(UUID deviceId, Report report, int bodyBytes) throws SQLException, InterruptedException {
        return ingest(deviceId, new ReportCodec.Decoded(report, null, false), bodyBytes, null);
    }

    /** Decodes the same body again in full (no known software digest). */
    @FunctionalInterface
    public interface FullDecode {
        ReportCodec.Decoded decode() throws WireException;
    }

    /**
     * Stores a report decoded with {@link ReportCodec#decode(byte[], String, String)}: a decoded software list is
     * stored under its span digest, so the device's next identical list is recognised unbuilt; a list the decoder
     * left unbuilt as unchanged stores nothing. {@code fullDecode} is called, inside the device's lock, only when the
     * stored digest is no longer the one the decoder matched (another report of the device changed it meanwhile).
     */
    public ReportAck ingest(UUID deviceId, ReportCodec.Decoded decoded, int bodyBytes, FullDecode fullDecode)
            throws SQLException, InterruptedException {
        Report report = decoded.report();
        String key = deviceId.toString();
        if (!devices.tryLock(key, 30, TimeUnit.SECONDS)) {
            throw new ApiException(503, "busy", "another report of this device is being stored; retry");
        }
        try {
            // a report stored before (an agent's retry after a lost acknowledgement) is told by the writer, whose
            // report_log insert finds it: nothing of it is written and it is acknowledged as a duplicate. Asking
            // first cost every report a read for the rare retry.
            DeviceRecord device = devices.get(key);
            Instant now = clock.instant();
            Policy p = policy.get();
            // read before the rules run: a catalogue changed after this is caught by the indexer ({@link SoftwareIndexer})
            String catalogueVersion = catalogue.version();

            if (decoded.softwareUnchanged()
                    && !decoded.softwareDigest().equals(device.sectionHashes().get(SectionDocs.SOFTWARE))) {
                // the list left unbuilt is a stored one, but not this device's current list (another device's, the
                // school image's, or this device's before another report changed it meanwhile): read it as stored
                List<io.rollcall.common.report.SoftwareItem> stored = lists.list(decoded.softwareDigest());
                if (stored != null) {
                    report = new io.rollcall.common.report.Report(report.schema(), report.reportId(), report.deviceId(),
                            report.agentVersion(), report.collectedAt(), report.kind(),
                            report.sections().withSoftware(stored), report.diagnostics());
                } else {
                    // never stored after all (the decoder was told otherwise): build it, never store a half-known state
                    decoded = fullDecode(fullDecode, deviceId);
                    report = decoded.report();
                }
            }
            Map<String, Object> present = SectionDocs.present(report.sections());
            Map<String, String> hashes = new HashMap<>(device.sectionHashes());
            List<PreparedReport.SectionWrite> changed = new ArrayList<>();
            for (Map.Entry<String, Object> e : present.entrySet()) {
                // a decoded list is kept under its span digest (what the next identical list is matched against);
                // once after the upgrade each device's list is stored again, as its stored field hash cannot match
                boolean spanned = e.getKey().equals(SectionDocs.SOFTWARE) && decoded.softwareDigest() != null;
                String sha = spanned ? decoded.softwareDigest() : SectionDocs.hash(e.getKey(), e.getValue());
                if (!sha.equals(hashes.get(e.getKey()))) {
                    // an agent's list is stored once for all devices: encoded only by the first report to bring it
                    boolean absent = !device.sectionHashes().containsKey(e.getKey());
                    changed.add(!spanned
                            ? new PreparedReport.SectionWrite(e.getKey(), Docs.encode(e.getValue()), sha, null, absent)
                            : new PreparedReport.SectionWrite(e.getKey(),
                                    decoded.softwareUnchanged() ? null : Docs.encode(e.getValue()), sha, sha, absent));
                    hashes.put(e.getKey(), sha);
                }
            }

            Sections merged = mergeStored(deviceId, report.sections(), device.sectionHashes().keySet());
            boolean softwareChanged = changed.stream().anyMatch(w -> w.section().equals(SectionDocs.SOFTWARE));
            if (!softwareChanged) {
                // Incremental: an unchanged software list cannot change software findings (the catalogue
                // re-evaluates by title when it changes), so its rules are not run and their findings stand.
                merged = merged.withSoftware(null);
            }
            List<MediaEvent> reported = report.sections().removableMedia() == null ? List.of()
                    : report.sections().removableMedia().events();
            List<MediaEvent> recent = new ArrayList<>(findings.recentConnections(deviceId,
                    now.minus(java.time.Duration.ofDays(p.mediaWindowDays()))));
            recent.addAll(reported);
            DeviceFacts facts = new DeviceFacts(deviceId, merged, now, recent, false);
            List<Verdict> verdicts = engine.evaluate(facts, p, now);
            List<OpenFinding> open = findings.open(deviceId, device.sectionHashes().isEmpty());
            Set<String> evaluated = engine.rulesEvaluable(merged);
            var changes = FindingReconciler.reconcile(open, verdicts, now, evaluated);
            FindingPlan plan = FindingPlan.of(open, changes, engine, p, now);

            var os = report.sections().os();
            var hw = report.sections().hardware();
            PreparedReport prepared = new PreparedReport(report.reportId(), deviceId, report.kind().wireName(),
                    report.collectedAt(), now, bodyBytes, report.agentVersion(),
                    report.diagnostics() == null ? 0 : report.diagnostics().droppedEvents(), changed, reported,
                    plan.writes(), new PreparedReport.DeviceUpdate(os == null ? null : os.hostname(),
                            os == null ? null : os.family(), os == null ? null : os.version(),
                            hw == null ? null : hw.serialNumber(), plan.compliant(), plan.openCount()),
                    softwareChanged && indexer != null, catalogueVersion);
            boolean stored = await(writers.submit(prepared));
            if (stored) {
                devices.putTransient(key, new DeviceRecord(deviceId, device.hardwareUuid(),
                        hw != null && hw.serialNumber() != null ? hw.serialNumber() : device.serialNumber(),
                        os != null && os.hostname() != null ? os.hostname() : device.hostname(),
                        os != null ? os.family() : device.osFamily(), os != null ? os.version() : device.osVersion(),
                        device.secretHash(), device.enrolledAt(), now, report.kind().wireName(),
                        report.agentVersion(), plan.compliant(), plan.openCount(), hashes), 0, TimeUnit.SECONDS);
            }
            if (stored) {
                told(plan.writes());
                if (softwareChanged && decoded.softwareDigest() != null) {
                    lists.remember(decoded.softwareDigest(), report.sections().software());
                }
            }
            return new ReportAck(report.reportId(), !stored);
        } finally {
            devices.unlock(key);
        }
    }

    private static ReportCodec.Decoded fullDecode(FullDecode fullDecode, UUID deviceId) {
        if (fullDecode == null) {
            throw new IllegalStateException("device " + deviceId + ": a report with an unbuilt software list came without a way to decode it");
        }
        try {
            ReportCodec.Decoded full = fullDecode.decode();
            if (full.softwareUnchanged()) {
                throw new IllegalStateException("device " + deviceId + ": the full decode left the software list unbuilt");
            }
            return full;
        } catch (WireException e) {
            throw Api.fromWire(e);
        }
    }

    /**
     * Re-evaluates a device from its stored sections after the policy or the approved media changed, or when the
     * stale sweep finds it silent: every rule whose sections are stored, plus {@code device.stale} against the
     * current time (stricter while the device is on loan), findings reconciled and compliance recomputed, no report
     * involved. Holds the device's lock like a report does.
     *
     * @return whether the device exists
     */
    public boolean reevaluate(UUID deviceId) throws SQLException, InterruptedException {
        String key = deviceId.toString();
        if (!devices.tryLock(key, 30, TimeUnit.SECONDS)) {
            throw new ApiException(503, "busy", "device " + deviceId + " is storing a report; retry");
        }
        try {
            DeviceRecord device = devices.get(key);
            if (device == null) {
                return false;
            }
            Instant now = clock.instant();
            Policy p = policy.get();
            Sections merged = Sections.EMPTY;
            for (Map.Entry<String, byte[]> e : deviceQueries.sections(deviceId, SectionDocs.ALL).entrySet()) {
                merged = SectionDocs.with(merged, e.getKey(), e.getValue());
            }
            List<MediaEvent> recent = findings.recentConnections(deviceId,
                    now.minus(java.time.Duration.ofDays(p.mediaWindowDays())));
            Instant lastSeen = device.lastSeenAt() != null ? device.lastSeenAt() : device.enrolledAt();
            // a lent laptop goes stale sooner (staleDaysOnLoan); a report needs no such check, having just been seen
            DeviceFacts facts = new DeviceFacts(deviceId, merged, lastSeen, recent,
                    findings.onLoan(device.serialNumber()));
            List<Verdict> verdicts = engine.evaluate(facts, p, now);
            List<OpenFinding> open = findings.open(deviceId);
            var changes = FindingReconciler.reconcile(open, verdicts, now, engine.rulesEvaluable(merged));
            FindingPlan plan = FindingPlan.of(open, changes, engine, p, now);
            writers.get(0).writeReevaluation(deviceId, plan.writes(), plan.compliant(), plan.openCount());
            told(plan.writes());
            devices.putTransient(key, new DeviceRecord(deviceId, device.hardwareUuid(), device.serialNumber(),
                    device.hostname(), device.osFamily(), device.osVersion(), device.secretHash(), device.enrolledAt(),
                    device.lastSeenAt(), device.lastReportKind(), device.agentVersion(), plan.compliant(),
                    plan.openCount(), device.sectionHashes()), 0, TimeUnit.SECONDS);
            return true;
        } finally {
            devices.unlock(key);
        }
    }

    /** The report's sections, with every other stored section filled in except software (large, and only its own rules need it). */
    private Sections mergeStored(UUID deviceId, Sections reported, Set<String> stored) throws SQLException {
        List<String> missing = new ArrayList<>();
        for (String name : stored) {
            if (!name.equals(SectionDocs.SOFTWARE) && !SectionDocs.has(reported, name)) {
                missing.add(name);
            }
        }
        if (missing.isEmpty()) {
            return reported;
        }
        Map<String, byte[]> docs = deviceQueries.sections(deviceId, missing);
        Sections merged = reported;
        for (Map.Entry<String, byte[]> e : docs.entrySet()) {
            merged = SectionDocs.with(merged, e.getKey(), e.getValue());
        }
        return merged;
    }

    private static boolean await(java.util.concurrent.CompletableFuture<Boolean> f) throws InterruptedException {
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("report could not be stored: " + e.getCause().getMessage(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new ApiException(503, "busy", "the store did not commit in time; retry");
        }
    }

    /** Who hears, after each commit, which findings opened and resolved (the metrics); set once at start. */
    public void findingEvents(io.rollcall.collector.findings.FindingEvents events) {
        this.findingEvents = events;
    }

    /** Reports waiting for the report writers' next commits. */
    public int writerQueueDepth() {
        return writers.queueDepth();
    }

    private void told(List<PreparedReport.FindingWrite> writes) {
        for (PreparedReport.FindingWrite w : writes) {
            switch (w.op()) {
                case OPEN -> findingEvents.opened(w.rule());
                case RESOLVE -> findingEvents.resolved(w.rule());
                default -> { }
            }
        }
    }

    @Override
    public void close() {
        writers.close();
        if (indexer != null) {
            indexer.close(); // queued devices stay queued: the next start indexes them
        }
    }
}
