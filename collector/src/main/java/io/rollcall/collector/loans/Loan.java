package io.rollcall.collector.loans;

import java.time.Instant;
import java.util.UUID;

/**
 * One loan as stored, joined with what it needs from its asset and borrower.
 *
 * @param closedReason {@code returned}, {@code lost} or {@code stolen}; {@code null} while open
 * @param ackHash      SHA-256 over the terms text and the loan details at acknowledgement ({@link AckHash})
 */
public record Loan(UUID id, String assetTag, String assetType, String make, String model, String serial,
                   UUID personId, String staffId, String borrowerName, String borrowerEmail, String borrowerStatus,
                   UUID termsId, Instant outAt, Instant dueAt, String conditionOut, String lentBy, String ackName,
                   Instant ackAt, String ackHash, Instant closedAt, String closedReason, String closedBy,
                   String conditionIn, String receivedBy) {

    public boolean open() {
        return closedAt == null;
    }

    /** out, overdue, returned, lost or stolen, as of {@code now}. */
    public String state(Instant now) {
        if (!open()) {
            return closedReason;
        }
        return dueAt.isBefore(now) ? "overdue" : "out";
    }

    public boolean carriesAgent() {
        return "laptop".equals(assetType) || "tablet".equals(assetType);
    }
}
