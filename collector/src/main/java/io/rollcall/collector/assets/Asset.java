package io.rollcall.collector.assets;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;

/**
 * One item in the register.
 *
 * @param tag    the school's own label on the kit; unique, the asset's identifier in the API
 * @param type   one of {@link #TYPES}
 * @param status one of {@link #STATUSES}; {@code on-loan} is set and cleared only by loans
 */
public record Asset(String tag, String type, String make, String model, String serial, LocalDate purchasedOn,
                    BigDecimal cost, String status, Instant createdAt, Instant updatedAt) {
    public static final Set<String> TYPES = Set.of("laptop", "tablet", "camera", "phone", "other");
    public static final Set<String> STATUSES = Set.of("in-stock", "on-loan", "repair", "lost", "stolen", "disposed");
    /** What a person may set directly; {@code on-loan} comes only from lending. */
    public static final Set<String> SETTABLE = Set.of("in-stock", "repair", "lost", "stolen", "disposed");

    /** Whether an agent device can be linked to this asset by serial number. */
    public boolean carriesAgent() {
        return type.equals("laptop") || type.equals("tablet");
    }

    /** One row of the asset's status history. */
    public record Change(Instant at, String actor, String fromStatus, String toStatus, String note) {
    }

    /**
     * The enrolled device whose serial number matches the asset's.
     *
     * @param openFindings open findings on the device: its compliance at a glance
     */
    public record LinkedDevice(java.util.UUID deviceId, String hostname, Instant lastReportAt, Boolean compliant,
                               int openFindings) {
    }
}
