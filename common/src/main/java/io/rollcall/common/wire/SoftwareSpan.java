package io.rollcall.common.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import io.rollcall.common.report.SoftwareItem;
import java.io.IOException;
import java.util.List;
import java.util.function.Predicate;

/**
 * The software list's "span digest": a digest of the exact bytes of {@code sections.software}'s JSON value, taken
 * while parsing. An agent writes an unchanged list byte for byte the same, and laptops set up from one image send the
 * same list, so a collector that stored a list under its digest can tell a list it holds already by finding the
 * value's end and digesting it, without tokenizing, building or validating ~1,000 objects again: those bytes passed
 * every check (tokenizer limits included) when they were stored. Limits made stricter later need a new
 * {@link #PREFIX}, so that stored digests stop matching.
 *
 * <p>One instance per decode, handed to {@link SoftwareTable.Deserializer} as a Jackson context attribute (keyed by
 * this class) and read back after parsing. The digest is SHA-256 of the span, {@code w2:<base64url, unpadded>}
 * (46 characters), which no SHA-256 hex digest of a list's fields can equal and which fits VARCHAR(64). It is
 * cryptographic because stored lists are shared between devices ({@code software_lists} in the collector): with a
 * checksum, a student could send a list forged to collide with the school image's before the other laptops report,
 * and every laptop with the image would be recorded with the forged list.
 */
final class SoftwareSpan {
    /** Prefix of every span digest; a new scheme takes a new prefix so old stored digests simply stop matching. */
    static final String PREFIX = "w2:";

    private final byte[] json;
    private final Predicate<String> known;
    private String digest;
    private boolean unchanged;
    /** Whether the span matched a known digest and the first parse was stopped there ({@link Matched}). */
    private boolean matched;
    /** Where the value read (or matched) began and ended in {@link #json}, -1 until one is. */
    private int start = -1;
    private int end = -1;
    /** Placeholder mode ({@link #placeholder}): where {@link GzipMembers#PLACEHOLDER} stands for a known list. */
    private int placeholderAt = -1;
    private String placeholderDigest;
    private int reads;

    /**
     * @param json  the whole inflated report the top-level parser reads (offsets are into this array)
     * @param known whether a digest names a list that was stored (checked) before, {@code null} for none known
     */
    SoftwareSpan(byte[] json, Predicate<String> known) {
        this.json = json;
        this.known = known;
    }

    /**
     * A decode of a body whose list member was left out ({@link GzipMembers#read}): the empty array at
     * {@code at} stands for the stored list {@code digest}, if and only if it is the software value.
     */
    static SoftwareSpan placeholder(byte[] json, int at, String digest) {
        SoftwareSpan s = new SoftwareSpan(json, null);
        s.placeholderAt = at;
        s.placeholderDigest = digest;
        return s;
    }

    /**
     * In placeholder mode, whether the placeholder was read as the report's one software value: only then is the
     * decode the same as that of the whole body.
     */
    boolean placeholderTaken() {
        return placeholderAt >= 0 && reads == 1 && unchanged;
    }

    /** The span's offsets in the decoded bytes, or -1: {@code [start(), end())}. */
    int start() {
        return end > 0 ? start : -1;
    }

    int end() {
        return end;
    }

    /** The digest of the span just read, {@code null} when the report had no software list (or no byte offsets). */
    String digest() {
        return digest;
    }

    /** Whether the span's digest was a known one: then the list was scanned but not built. */
    boolean unchanged() {
        return unchanged;
    }

    /** The digest of {@code json[start, end)}. */
    static String digest(byte[] json, int start, int end) {
        return PREFIX + Hashes.sha256Url(json, start, end - start);
    }

    /**
     * Reads the software value at the parser's current START token. With known digests, first finds the value's end
     * by a byte scan and digests it: when it is a known one, throws {@link Matched} to stop this parse (the caller
     * parses {@link #spliced()} instead). Otherwise parses the value with every check and digests its bytes.
     */
    List<SoftwareItem> read(JsonParser p, DeserializationContext ctxt) throws IOException {
        int start = offset(p.currentTokenLocation().getByteOffset());
        reads++;
        if (placeholderAt >= 0 && start == placeholderAt && p.currentToken() == com.fasterxml.jackson.core.JsonToken.START_ARRAY
                && p.nextToken() == com.fasterxml.jackson.core.JsonToken.END_ARRAY) {
            digest = placeholderDigest;
            unchanged = true;
            return null;
        }
        if (start < 0 || !opens(start)) {
            // not a parser over our bytes (databind buffered the value): parse as ever, report no digest
            return SoftwareTable.readEither(p, ctxt);
        }
        if (known != null) {
            int end = scanEnd(json, start);
            String d = end > 0 ? digest(json, start, end) : null;
            if (d != null && known.test(d)) {
                // the very bytes that passed every check (tokenizer limits included) when they were stored
                digest = d;
                unchanged = true;
                matched = true;
                this.start = start;
                this.end = end;
                throw new Matched();
            }
        }
        List<SoftwareItem> items = SoftwareTable.readEither(p, ctxt);
        int end = offset(p.currentLocation().getByteOffset());
        if (closes(start, end)) {
            digest = digest(json, start, end);
            this.start = start;
            this.end = end;
        }
        return items;
    }

    /** Thrown through databind to stop the first parse once the span matched; carries nothing. */
    static final class Matched extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Matched() {
            super("the software span matched the known digest", null, false, false);
        }
    }

    /** Whether the span matched and the first parse was stopped there. */
    boolean matched() {
        return matched;
    }

    /** The report with the matched span replaced by {@code null}: the ~10 KB around the list, parsed with every check. */
    byte[] spliced() {
        byte[] out = new byte[json.length - (end - start) + 4];
        System.arraycopy(json, 0, out, 0, start);
        out[start] = 'n';
        out[start + 1] = 'u';
        out[start + 2] = 'l';
        out[start + 3] = 'l';
        System.arraycopy(json, end, out, start + 4, json.length - end);
        return out;
    }

    /**
     * The end (exclusive) of the array or object opening at {@code start}, by brackets outside strings, or -1. Exact
     * for well-formed JSON, so for bytes equal to a span that was parsed before; for any other bytes its answer only
     * feeds a digest that then differs, and the list is parsed as ever.
     */
    static int scanEnd(byte[] b, int start) {
        int depth = 0;
        for (int i = start; i < b.length; i++) {
            byte c = b[i];
            if (c == '"') {
                for (i++; i < b.length && b[i] != '"'; i++) {
                    if (b[i] == '\\') {
                        i++;
                    }
                }
            } else if (c == '[' || c == '{') {
                depth++;
            } else if ((c == ']' || c == '}') && --depth == 0) {
                return i + 1;
            }
        }
        return -1;
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
