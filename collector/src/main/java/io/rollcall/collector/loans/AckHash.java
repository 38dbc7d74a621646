package io.rollcall.collector.loans;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The acknowledgement hash: SHA-256 over the terms text and the loan details the borrower agreed to
 * (loan id, asset tag and serial, borrower id, out and due times, condition out, typed name, time).
 * Fields are length-prefixed so no two different inputs share an encoding. Recomputing it later from
 * what is stored shows whether the terms text or the loan has been edited since.
 */
public final class AckHash {
    private static final String VERSION = "rollcall-loan-acknowledgement-v1";

    private AckHash() {
    }

    public static String of(String termsText, Loan l, String typedName, Instant ackAt) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (String f : new String[] {VERSION, termsText, l.id().toString(), l.assetTag(), l.serial(),
                l.personId().toString(), l.outAt().toString(), l.dueAt().toString(), l.conditionOut(), typedName,
                ackAt.toString()}) {
            if (f == null) {
                md.update(new byte[] {-1, -1, -1, -1});
                continue;
            }
            byte[] b = f.getBytes(StandardCharsets.UTF_8);
            md.update(new byte[] {(byte) (b.length >>> 24), (byte) (b.length >>> 16), (byte) (b.length >>> 8), (byte) b.length});
            md.update(b);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** SHA-256 of a terms text, shown with each terms version. */
    public static String ofText(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
