package io.rollcall.common.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import io.rollcall.common.report.SoftwareItem;
import java.io.IOException;
import java.util.List;
import java.util.zip.Adler32;
import java.util.zip.CRC32C;

/**
 * The software list's "span digest": a digest of the exact bytes of {@code sections.software}'s JSON value, taken
 * while parsing. An agent writes an unchanged list byte for byte the same, so a collector that stored the digest of a
 * device's last list can tell an unchanged list by tokenizing it (every tokenizer limit still applies) without
 * building or validating ~1,000 objects.
 *
 * <p>One instance per decode, handed to {@link SoftwareTable.Deserializer} as a Jackson context attribute (keyed by
 * this class) and read back after parsing. The digest is CRC-32C and Adler-32 of the span plus its length:
 * {@code w1:<crc32c><adler32>:<length>}, which no SHA-256 hex digest can equal and which fits VARCHAR(64). It is not
 * cryptographic, and need not be: it is only ever compared with the same device's own previous span, so a list forged
 * to collide gains a device nothing it could not get by resending its previous list.
 */
final class SoftwareSpan {
    /** Prefix of every span digest; a new scheme takes a new prefix so old stored digests simply stop matching. */
    static final String PREFIX = "w1:";

    private final byte[] json;
    private final String known;
    private String digest;
    private boolean unchanged;
    private boolean decodeAgain;

    /**
     * @param json  the whole inflated report the top-level parser reads (offsets are into this array)
     * @param known the digest stored for this device's last software list, {@code null} for none
     */
    SoftwareSpan(byte[] json, String known) {
        this.json = json;
        this.known = known;
    }

    /** The digest of the span just read, {@code null} when the report had no software list (or no byte offsets). */
    String digest() {
        return digest;
    }

    /** Whether the span equalled {@code known}: then the list was tokenized but not built. */
    boolean unchanged() {
        return unchanged;
    }

    /**
     * Whether the list was refused on the known-digest path (skipped unchecked, then parsed from its own bytes): the
     * caller decodes again without a known digest, so the error is word for word the one a plain decode gives (the
     * field and the JSON pointer in it are those of the whole report).
     */
    boolean decodeAgain() {
        return decodeAgain;
    }

    /** The digest of {@code json[start, end)}. */
    static String digest(byte[] json, int start, int end) {
        CRC32C crc = new CRC32C();
        crc.update(json, start, end - start);
        Adler32 adler = new Adler32();
        adler.update(json, start, end - start);
        return String.format("%s%08x%08x:%d", PREFIX, crc.getValue(), adler.getValue(), end - start);
    }

    /**
     * Reads the software value at the parser's current START token: with a known digest, skips it (tokenizing
     * only, {@link BoundedArrayParser#skipUnchecked}), digests it, and returns {@code null} when it is unchanged,
     * else parses the same bytes again with a fresh bounded parser; without one, parses it and digests its bytes.
     */
    List<SoftwareItem> read(JsonParser p, DeserializationContext ctxt) throws IOException {
        int start = offset(p.currentTokenLocation().getByteOffset());
        if (start < 0 || !opens(start)) {
            // not a parser over our bytes (databind buffered the value): parse as ever, report no digest
            return SoftwareTable.readEither(p, ctxt);
        }
        if (known == null || !(p instanceof BoundedArrayParser bounded)) {
            List<SoftwareItem> items = SoftwareTable.readEither(p, ctxt);
            int end = offset(p.currentLocation().getByteOffset());
            if (closes(start, end)) {
                digest = digest(json, start, end);
            }
            return items;
        }
        try {
            bounded.skipUnchecked();
            int end = offset(p.currentLocation().getByteOffset());
            if (!closes(start, end)) {
                throw new IllegalStateException("the software list's byte span could not be read (" + start + ", " + end + ")");
            }
            digest = digest(json, start, end);
            if (digest.equals(known)) {
                // the very bytes that passed every check (tokenizer limits included) when they were stored
                unchanged = true;
                return null;
            }
            // changed: build it from the same bytes with every check, through the same reader
            try (JsonParser sub = new BoundedArrayParser(WireJson.mapper().getFactory().createParser(json, start, end - start),
                    Limits.MAX_ARRAY_ELEMENTS, Limits.MAX_NESTING_DEPTH)) {
                sub.nextToken();
                return SoftwareTable.readEither(sub, ctxt);
            }
        } catch (IOException | RuntimeException e) {
            decodeAgain = true;
            throw e;
        }
    }

    private int offset(long byteOffset) {
        return byteOffset < 0 || byteOffset > json.length ? -1 : (int) byteOffset;
    }

    private boolean opens(int start) {
        return start < json.length && (json[start] == '[' || json[start] == '{');
    }

    private boolean closes(int start, int end) {
        return end > start && end <= json.length && json[end - 1] == (json[start] == '[' ? ']' : '}');
    }
}
