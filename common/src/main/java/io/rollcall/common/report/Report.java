package io.rollcall.common.report;

import java.time.Instant;
import java.util.UUID;

/**
 * One report from an agent (protocol v1). {@code reportId} is chosen by the agent and makes delivery
 * idempotent: the collector stores a reportId once and acknowledges every replay.
 */
public record Report(int schema, UUID reportId, UUID deviceId, String agentVersion, Instant collectedAt,
                     ReportKind kind, Sections sections, Diagnostics diagnostics) {

    /** The only schema version this code reads and writes. */
    public static final int SCHEMA_VERSION = 1;

    public Report {
        sections = sections == null ? Sections.EMPTY : sections;
    }
}
