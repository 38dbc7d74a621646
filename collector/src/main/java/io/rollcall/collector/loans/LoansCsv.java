package io.rollcall.collector.loans;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The loans export ({@code /api/v1/exports/loans.csv}), for spreadsheets. Cells that a spreadsheet
 * would run as a formula (starting with = + - @ or a tab) are prefixed with an apostrophe.
 */
public final class LoansCsv {
    static final List<String> HEADER = List.of("loan_id", "state", "asset_tag", "asset_type", "make", "model", "serial",
            "staff_id", "borrower", "borrower_status", "out_at", "due_at", "condition_out", "acknowledged_at",
            "closed_at", "closed_reason", "condition_in", "received_by");

    private LoansCsv() {
    }

    public static String write(List<Loan> loans, Instant now) {
        StringWriter w = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator("\r\n").get())) {
            p.printRecord(HEADER);
            for (Loan l : loans) {
                p.printRecord(l.id(), l.state(now), safe(l.assetTag()), l.assetType(), safe(l.make()), safe(l.model()),
                        safe(l.serial()), safe(l.staffId()), safe(l.borrowerName()), l.borrowerStatus(), l.outAt(),
                        l.dueAt(), safe(l.conditionOut()), l.ackAt(), l.closedAt(), l.closedReason(),
                        safe(l.conditionIn()), safe(l.receivedBy()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    static String safe(String s) {
        if (s == null || s.isEmpty()) {
            return s;
        }
        char c = s.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + s : s;
    }
}
