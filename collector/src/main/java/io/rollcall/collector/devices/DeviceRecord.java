package io.rollcall.collector.devices;

import java.io.Serializable;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A device's identity and headline state: the value of the {@code devices} IMap, one per enrolled
 * device, backed by the {@code devices} table. {@code sectionHashes} (section name → SHA-256 of its
 * stored JSON) lets ingest skip rewriting sections that did not change.
 */
public record DeviceRecord(UUID id, String hardwareUuid, String serialNumber, String hostname, String osFamily,
                           String osVersion, String secretHash, Instant enrolledAt, Instant lastSeenAt,
                           String lastReportKind, String agentVersion, Boolean compliant, int openFindings,
                           Map<String, String> sectionHashes) implements Serializable {

    public DeviceRecord {
        sectionHashes = sectionHashes == null ? Map.of() : Map.copyOf(sectionHashes);
    }

    public DeviceRecord withSecretHash(String hash) {
        return new DeviceRecord(id, hardwareUuid, serialNumber, hostname, osFamily, osVersion, hash, enrolledAt,
                lastSeenAt, lastReportKind, agentVersion, compliant, openFindings, sectionHashes);
    }
}
