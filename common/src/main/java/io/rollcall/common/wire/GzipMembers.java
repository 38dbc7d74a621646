package io.rollcall.common.wire;

import java.io.ByteArrayOutputStream;
import java.util.function.Function;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A report body as three gzip members (RFC 1952 §2.2: a gzip file is a series of members, and every gzip reader
 * inflates them into one stream): the JSON before the software list, the list alone, and the rest. The list's member
 * carries in its header an extra subfield {@code RL} (RFC 1952 §2.3.1.1, as BGZF's {@code BC} does) holding the
 * member's own length in bytes, so a reader can find where it ends without inflating it.
 *
 * <p>Why: a laptop sends the same list day after day, and an image's laptops send the same list as each other. The
 * collector remembers, for member bytes it inflated itself, the span digest of what they inflated to
 * ({@link ListMembers}). Identical compressed bytes inflate to identical bytes, so a member whose SHA-256 is
 * remembered is known without being inflated or hashed in full: the collector digests the ~10 KB member instead of
 * inflating and digesting the 43 KB list (an agent's 887 packages). Nothing is trusted that was not checked: the remembered digest is one the collector computed,
 * and the list it names must still be one stored ({@link ReportCodec#decodeWithStored}).
 *
 * <p>Any other body (one member, no subfield, anything unusual) is read the ordinary way; this reader gives up
 * ({@code null}) rather than report an error of its own, so errors stay those of {@link ReportCodec#inflate}.
 */
public final class GzipMembers {
    /** The extra subfield's id: 'R', 'L' (Rollcall list). */
    static final byte SI1 = 'R';
    static final byte SI2 = 'L';
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;
    private static final int FHCRC = 2;
    /** The bytes the reader puts where a known list member was: an empty array the software deserializer recognises. */
    static final byte[] PLACEHOLDER = {'[', ']'};

    private GzipMembers() {
    }

    /**
     * {@code json} as three members, {@code [start, end)} (the software list's value) in the marked one, each
     * deflated at {@code level}.
     */
    static byte[] encode(byte[] json, int start, int end, int level) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length / 6 + 128);
        Deflater d = new Deflater(level, true);
        try {
            member(out, d, json, 0, start, false);
            member(out, d, json, start, end - start, true);
            member(out, d, json, end, json.length - end, false);
        } finally {
            d.end();
        }
        return out.toByteArray();
    }

    /**
     * One member of {@code b[off, off + len)} at {@code level}, marked as the list's when {@code marked}: for a
     * sender that assembles a body itself (the load generator), the same bytes {@link ReportCodec#encodeForSending}
     * writes.
     */
    public static byte[] member(byte[] b, int off, int len, int level, boolean marked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(len / 6 + 64);
        Deflater d = new Deflater(level, true);
        try {
            member(out, d, b, off, len, marked);
        } finally {
            d.end();
        }
        return out.toByteArray();
    }

    /** The end (exclusive) of the JSON array or object opening at {@code start} in well-formed {@code json}, or -1. */
    public static int valueEnd(byte[] json, int start) {
        return SoftwareSpan.scanEnd(json, start);
    }

    private static void member(ByteArrayOutputStream out, Deflater d, byte[] b, int off, int len, boolean marked) {
        int at = out.size();
        // ID1 ID2 CM=deflate FLG MTIME=0 XFL=0 OS=unknown: no time, no name, so equal input gives equal bytes
        out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, (byte) (marked ? FEXTRA : 0), 0, 0, 0, 0, 0, (byte) 0xff});
        if (marked) {
            // XLEN=8, then the subfield: SI1 SI2, LEN=4, the member's length (patched below)
            out.writeBytes(new byte[] {8, 0, SI1, SI2, 4, 0, 0, 0, 0, 0});
        }
        d.reset();
        d.setInput(b, off, len);
        d.finish();
        byte[] buf = new byte[32 * 1024];
        while (!d.finished()) {
            int n = d.deflate(buf);
            out.write(buf, 0, n);
        }
        CRC32 crc = new CRC32();
        crc.update(b, off, len);
        le32(out, crc.getValue());
        le32(out, len & 0xffffffffL);
        if (marked) {
            byte[] whole = out.toByteArray();
            int memberLength = whole.length - at;
            out.reset();
            out.write(whole, 0, at + 16);
            le32(out, memberLength);
            out.write(whole, at + 20, whole.length - at - 20);
        }
    }

    private static void le32(ByteArrayOutputStream out, long v) {
        out.write((int) v);
        out.write((int) (v >>> 8));
        out.write((int) (v >>> 16));
        out.write((int) (v >>> 24));
    }

    /** What a reader remembers of a list member: the span digest it inflates to, and how many bytes that is. */
    public record Known(String spanDigest, int inflatedBytes) {
    }

    /**
     * A body read member by member.
     *
     * @param json          the inflated bytes; where a known list member was, {@link #PLACEHOLDER} instead
     * @param placeholderAt the offset of the placeholder in {@code json}, or -1
     * @param known         what the skipped member was known as, when {@code placeholderAt >= 0}
     * @param memberDigest  the SHA-256 of the marked member's bytes (skipped or inflated), or {@code null} for none
     * @param markedStart   the inflated marked member's offset in {@code json}, or -1 (none, or skipped)
     * @param markedEnd     its end (exclusive)
     */
    public record Read(byte[] json, int placeholderAt, Known known, String memberDigest, int markedStart,
                       int markedEnd) {
    }

    /**
     * Reads a gzip body member by member, leaving out a marked member that {@code known} recognises by the SHA-256 of
     * its bytes. Returns {@code null} for a body this reader does not take (not gzip with exactly one marked member,
     * malformed, trailing bytes, over {@code maxInflated} counting a skipped member at its remembered size): the
     * caller reads it the ordinary way, with the ordinary errors.
     */
    public static Read read(byte[] body, int maxInflated, Function<String, Known> known) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(Math.max(body.length * 4, 1024), maxInflated));
        Inflater inf = new Inflater(true);
        byte[] buf = new byte[32 * 1024];
        long total = 0;
        int pos = 0;
        int placeholderAt = -1;
        Known skipped = null;
        String memberDigest = null;
        int markedStart = -1;
        int markedEnd = -1;
        try {
            while (pos < body.length) {
                int memberStart = pos;
                if (body.length - pos < 18 || (body[pos] & 0xff) != 0x1f || (body[pos + 1] & 0xff) != 0x8b
                        || body[pos + 2] != 8) {
                    return null;
                }
                int flg = body[pos + 3] & 0xff;
                pos += 10;
                int markedLength = -1;
                if ((flg & FEXTRA) != 0) {
                    int xlen = u16(body, pos);
                    pos += 2;
                    if (xlen > body.length - pos) {
                        return null;
                    }
                    markedLength = marked(body, pos, xlen);
                    pos += xlen;
                }
                if ((flg & (FNAME | FCOMMENT | FHCRC)) != 0 || (flg & 0xe0) != 0) {
                    return null; // the encoder writes none of these: a body with them is read the ordinary way
                }
                if (markedLength >= 0) {
                    if (memberDigest != null || markedLength < pos - memberStart + 8
                            || markedLength > body.length - memberStart) {
                        return null;
                    }
                    memberDigest = Hashes.sha256Url(body, memberStart, markedLength);
                    Known k = known.apply(memberDigest);
                    if (k != null && k.inflatedBytes() >= 0) {
                        total += k.inflatedBytes();
                        if (total > maxInflated) {
                            return null;
                        }
                        placeholderAt = out.size();
                        skipped = k;
                        out.writeBytes(PLACEHOLDER);
                        pos = memberStart + markedLength;
                        continue;
                    }
                    markedStart = out.size();
                }
                inf.reset();
                inf.setInput(body, pos, body.length - pos);
                CRC32 crc = new CRC32();
                long size = 0;
                while (!inf.finished()) {
                    int n = inf.inflate(buf);
                    if (n == 0 && (inf.needsInput() || inf.needsDictionary())) {
                        return null; // truncated
                    }
                    total += n;
                    size += n;
                    if (total > maxInflated) {
                        return null;
                    }
                    crc.update(buf, 0, n);
                    out.write(buf, 0, n);
                }
                pos = body.length - inf.getRemaining();
                if (body.length - pos < 8 || u32(body, pos) != crc.getValue() || u32(body, pos + 4) != (size & 0xffffffffL)) {
                    return null;
                }
                pos += 8;
                if (markedLength >= 0) {
                    if (pos - memberStart != markedLength) {
                        return null; // the subfield misstates the member's length
                    }
                    markedEnd = out.size();
                }
            }
        } catch (DataFormatException e) {
            return null;
        } finally {
            inf.end();
        }
        if (memberDigest == null) {
            return null;
        }
        return new Read(out.toByteArray(), placeholderAt, skipped, memberDigest, markedStart, markedEnd);
    }

    /** The length in an {@code RL} subfield of the extra field at {@code [off, off + xlen)}, or -1. */
    private static int marked(byte[] b, int off, int xlen) {
        int end = off + xlen;
        while (end - off >= 4) {
            int len = u16(b, off + 2);
            if (len > end - off - 4) {
                return -1;
            }
            if (b[off] == SI1 && b[off + 1] == SI2 && len == 4) {
                long v = u32(b, off + 4);
                return v > Integer.MAX_VALUE ? -1 : (int) v;
            }
            off += 4 + len;
        }
        return -1;
    }

    private static int u16(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8;
    }

    private static long u32(byte[] b, int off) {
        return (b[off] & 0xffL) | (b[off + 1] & 0xffL) << 8 | (b[off + 2] & 0xffL) << 16 | (b[off + 3] & 0xffL) << 24;
    }
}
