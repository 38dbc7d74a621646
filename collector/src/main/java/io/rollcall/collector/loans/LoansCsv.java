package io.rollcall.collector.loans;

import io.rollcall.collector.http.Csv;
import java.time.Instant;
import java.util.List;

/**
 * The loans export ({@code /api/v1/exports/loans.csv}), for spreadsheets, written by the one CSV
 * writer every export uses (formula-like cells are defused there).
 */
public final class LoansCsv {
    static final List<String> HEADER = List.of("loan_id", "state", "asset_tag", "asset_type", "make", "model", "serial",
            "staff_id", "borrower", "borrower_status", "out_at", "due_at", "condition_out", "acknowledged_at",
            "closed_at", "closed_reason", "condition_in", "received_by");

    private LoansCsv() {
    }

    public static String write(List<Loan> loans, Instant now) {
        StringBuilder out = new StringBuilder();
        Csv.row(out, HEADER.toArray());
        for (Loan l : loans) {
            Csv.row(out, l.id(), l.state(now), l.assetTag(), l.assetType(), l.make(), l.model(), l.serial(),
                    l.staffId(), l.borrowerName(), l.borrowerStatus(), l.outAt(), l.dueAt(), l.conditionOut(),
                    l.ackAt(), l.closedAt(), l.closedReason(), l.conditionIn(), l.receivedBy());
        }
        return out.toString();
    }
}
