package io.rollcall.collector.loans;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;

import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * Issue and return receipts as PDF (Apache PDFBox). Pure: a loan and its terms in, bytes out. Uses
 * the standard Helvetica fonts, so characters outside Windows-1252 are printed as '?' rather than
 * failing the receipt.
 */
public final class ReceiptPdf {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM uuuu HH:mm 'UTC'").withZone(ZoneId.of("UTC"));
    private static final float MARGIN = 56;
    private static final float SIZE = 10.5f;
    private static final float LEADING = 14;

    public enum Kind { ISSUE, RETURN }

    private ReceiptPdf() {
    }

    public static byte[] render(Kind kind, String school, Loan l, LoanStore.Terms terms, boolean termsIntact) {
        List<Line> lines = new ArrayList<>();
        lines.add(new Line(school, true, 16));
        lines.add(new Line(kind == Kind.ISSUE ? "Equipment loan receipt" : "Equipment return receipt", true, 13));
        lines.add(Line.gap());
        lines.add(Line.text("Loan: " + l.id()));
        lines.add(Line.text("Asset: " + l.assetTag() + " (" + l.assetType() + ") " + nz(l.make()) + " " + nz(l.model())));
        lines.add(Line.text("Serial number: " + nz(l.serial())));
        lines.add(Line.text("Borrower: " + l.borrowerName() + " (staff id " + l.staffId() + ")"));
        lines.add(Line.text("Lent: " + WHEN.format(l.outAt()) + " by " + l.lentBy()));
        lines.add(Line.text("Due back: " + WHEN.format(l.dueAt())));
        lines.add(Line.text("Condition when lent: " + nz(l.conditionOut())));
        if (kind == Kind.RETURN) {
            lines.add(Line.gap());
            lines.add(new Line("Return", true, 12));
            lines.add(Line.text("Closed: " + (l.closedAt() == null ? "not yet returned" : WHEN.format(l.closedAt()))
                    + (l.closedReason() == null ? "" : " (" + l.closedReason() + ")")));
            lines.add(Line.text("Condition when returned: " + nz(l.conditionIn())));
            lines.add(Line.text("Received by: " + nz(l.receivedBy())));
        }
        lines.add(Line.gap());
        lines.add(new Line("Terms of the loan", true, 12));
        lines.add(Line.text(terms.text()));
        lines.add(Line.gap());
        lines.add(new Line("Acknowledgement", true, 12));
        if (l.ackAt() == null) {
            lines.add(Line.text("Not yet acknowledged by the borrower."));
        } else {
            lines.add(Line.text("Acknowledged by typing the name \"" + l.ackName() + "\" on " + when(l.ackAt())));
            lines.add(Line.text("SHA-256: " + l.ackHash()));
            lines.add(Line.text(termsIntact ? "Terms and loan details unchanged since acknowledgement."
                    : "WARNING: the terms or loan details no longer match the acknowledgement hash."));
        }
        lines.add(Line.gap());
        lines.add(Line.text("This equipment remains the property of " + school + "."));
        return write(lines);
    }

    /**
     * One receipt for a batch of loans (a run of scans, or a set): borrower, dates, terms and the acknowledgement
     * once, then one line per item with its state as of {@code now} (out, or returned with its condition).
     */
    public static byte[] renderBatch(String school, LoanStore.Batch b, String setName, List<Loan> items,
                                     LoanStore.Terms terms, boolean termsIntact, Instant now) {
        Loan first = items.get(0);
        long back = items.stream().filter(l -> !l.open()).count();
        List<Line> lines = new ArrayList<>();
        lines.add(new Line(school, true, 16));
        lines.add(new Line("Equipment loan receipt: " + items.size() + (items.size() == 1 ? " item" : " items"), true, 13));
        lines.add(Line.gap());
        lines.add(Line.text("Batch: " + b.id()));
        if (setName != null) {
            lines.add(Line.text("Set: " + setName));
        }
        lines.add(Line.text("Borrower: " + first.borrowerName() + " (staff id " + first.staffId() + ")"));
        lines.add(Line.text("Lent: " + when(b.createdAt()) + " by " + b.createdBy()));
        lines.add(Line.text("Due back: " + when(first.dueAt())));
        lines.add(Line.text("Back so far: " + back + " of " + items.size() + " (as of " + when(now) + ")"));
        lines.add(Line.gap());
        lines.add(new Line("Items", true, 12));
        for (Loan l : items) {
            StringBuilder t = new StringBuilder(l.assetTag()).append(" - ").append(l.assetType()).append(' ')
                    .append(nz(l.make())).append(' ').append(nz(l.model())).append(", serial ").append(nz(l.serial()))
                    .append(", out: ").append(nz(l.conditionOut())).append(". ");
            t.append(l.open() ? "Still out." : l.closedReason().equals("returned")
                    ? "Returned " + when(l.closedAt()) + ", condition: " + nz(l.conditionIn()) + "."
                    : l.closedReason() + " " + when(l.closedAt()) + ".");
            lines.add(Line.text(t.toString()));
        }
        lines.add(Line.gap());
        lines.add(new Line("Terms of the loan", true, 12));
        lines.add(Line.text(terms.text()));
        lines.add(Line.gap());
        lines.add(new Line("Acknowledgement", true, 12));
        Loan acked = items.stream().filter(l -> l.ackAt() != null).findFirst().orElse(null);
        if (acked == null) {
            lines.add(Line.text("Not yet acknowledged by the borrower."));
        } else {
            long n = items.stream().filter(l -> l.ackAt() != null).count();
            lines.add(Line.text("Acknowledged for " + n + " of " + items.size() + " items by typing the name \""
                    + acked.ackName() + "\" on " + when(acked.ackAt()) + ". Each item's SHA-256 over the terms and its"
                    + " loan details is stored with its loan."));
            lines.add(Line.text(termsIntact ? "Terms and loan details unchanged since acknowledgement."
                    : "WARNING: the terms or loan details no longer match the acknowledgement hash."));
        }
        lines.add(Line.gap());
        lines.add(Line.text("This equipment remains the property of " + school + "."));
        return write(lines);
    }

    private static String when(Instant t) {
        return WHEN.format(t);
    }

    private static String nz(String s) {
        return s == null ? "-" : s;
    }

    private record Line(String text, boolean bold, float size) {
        static Line text(String t) {
            return new Line(t, false, SIZE);
        }

        static Line gap() {
            return new Line("", false, SIZE);
        }
    }

    private static byte[] write(List<Line> lines) {
        PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
        PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            try (PdfText.Flow flow = new PdfText.Flow(doc, MARGIN)) {
                for (Line line : lines) {
                    flow.text(line.text(), line.bold() ? bold : regular, line.size(), 0,
                            Math.max(LEADING, line.size() * 1.35f));
                }
            }
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("receipt could not be written", e);
        }
    }
}
