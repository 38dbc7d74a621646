package io.rollcall.collector.stocktake;

import java.time.Instant;
import java.util.UUID;

/** The physical audit's records. */
public final class Stocktake {
    private Stocktake() {
    }

    /** How often assets of a type must be seen. */
    public record Interval(String assetType, int intervalDays, Instant updatedAt, String updatedBy) {
    }

    /** One walk round with a scanner; the location is typed once for the run. */
    public record Run(UUID id, String location, Instant startedAt, String startedBy) {
    }

    /**
     * One scan and what it found.
     *
     * @param assetTag null when the scanned text matched no asset
     * @param borrower who holds the asset on an open loan, or null
     */
    public record Sighting(UUID id, String scannedTag, String assetTag, String assetType, String make, String model,
                           String status, String borrower, Instant seenAt, String location, String seenBy, UUID runId) {
        public boolean known() {
            return assetTag != null;
        }
    }

    /**
     * An audited asset and when it was last seen.
     *
     * @param lastSeenAt  the later of its last scan and, for a lent laptop or tablet, its agent's last report
     * @param seenBy      {@code agent} when the agent's report is the later, {@code scan} for a scan, null if never
     * @param location    where it was last scanned (null when never scanned)
     * @param scannedBy   who last scanned it
     * @param dueBy       when it must next be seen: the last sighting (or, never seen, its registration) plus the interval
     */
    public record AssetStatus(String tag, String type, String make, String model, String status, String borrower,
                              int intervalDays, Instant lastSeenAt, String seenBy, String location, String scannedBy,
                              Instant lastScanAt, Instant agentReportAt, Instant registeredAt, Instant dueBy,
                              boolean overdue) {
    }
}
