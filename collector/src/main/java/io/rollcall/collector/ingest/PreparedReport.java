package io.rollcall.collector.ingest;

import io.rollcall.common.report.MediaEvent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Everything one report writes, computed before the transaction so the writer only writes. Either
 * all of it is committed or none of it. {@code indexSoftware}: the software section changed, so the device is
 * queued for the install index ({@link io.rollcall.collector.software.SoftwareIndexer}) in the same transaction,
 * with the version of the catalogue its findings were evaluated with ({@code catalogueVersion}).
 */
record PreparedReport(UUID reportId, UUID deviceId, String kind, Instant collectedAt, Instant receivedAt,
                      int bodyBytes, String agentVersion, long droppedEvents, List<SectionWrite> sections,
                      List<MediaEvent> mediaEvents, List<FindingWrite> findings, DeviceUpdate device,
                      boolean indexSoftware, String catalogueVersion) {

    /**
     * A section whose content changed: its new gzipped JSON document and hash. A software list an agent sent is
     * stored by reference ({@code listDigest}, its span digest, {@link SoftwareLists}): {@code doc} is the list's
     * document when this report is the first to bring it, {@code null} when it is stored already. {@code absent}: the
     * device had no row for this section when the report was prepared (its first report), so the writer inserts
     * first and updates only if a row is there after all; otherwise it updates first.
     */
    record SectionWrite(String section, byte[] doc, String sha256, String listDigest, boolean absent) {
        SectionWrite(String section, byte[] doc, String sha256) {
            this(section, doc, sha256, null, false);
        }
    }

    /** What changes on a finding row, and whether the change belongs in the finding's history. */
    record FindingWrite(Op op, UUID id, String rule, String subject, String outcome, String severity,
                        Instant firstSeen, Instant lastSeen, String evidenceJson, String policyRef,
                        String historyChange) {
        enum Op { OPEN, UPDATE, RESOLVE }
    }

    /** The device row's new headline values; {@code null} fields keep the stored value. */
    record DeviceUpdate(String hostname, String osFamily, String osVersion, String serialNumber, boolean compliant,
                        int openFindings) {
    }
}
