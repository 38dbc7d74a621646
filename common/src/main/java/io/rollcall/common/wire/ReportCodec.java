package io.rollcall.common.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.rollcall.common.report.Report;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Reads and writes reports on the wire. {@link #decode} is the single entry point for untrusted
 * bytes: size limits before parsing, gzip bounded after inflation, tokenizer limits while parsing,
 * then {@link ReportValidator}. Nothing it returns has skipped a check.
 */
public final class ReportCodec {
    private final ReportValidator validator;
    /** Software-list gzip members this codec inflated, by the SHA-256 of their bytes ({@link GzipMembers}). */
    private final ListMembers members = new ListMembers(ListMembers.DEFAULT_CAPACITY);
    /** Reports whose list member was known by its bytes and not inflated. */
    private final java.util.concurrent.atomic.LongAdder membersKnown = new java.util.concurrent.atomic.LongAdder();

    public ReportCodec(Clock clock) {
        this.validator = new ReportValidator(clock);
    }

    /**
     * @param body            the request body as received
     * @param contentEncoding the Content-Encoding header, {@code null} or {@code identity} for none
     */
    public Report decode(byte[] body, String contentEncoding) throws WireException {
        return validator.validate(read(inflate(body, contentEncoding), Report.class));
    }

    /**
     * A decoded report and its software list's span digest ({@link SoftwareSpan}).
     *
     * @param softwareDigest    the digest of the bytes of {@code sections.software}, {@code null} when the report has
     *                          no software list
     * @param softwareUnchanged the list's bytes are those a known digest was taken of (and were checked when they
     *                          were stored): the list was not built, and {@code report.sections().software()} is
     *                          {@code null}; the stored list under {@code softwareDigest} is this one
     */
    public record Decoded(Report report, String softwareDigest, boolean softwareUnchanged) {
    }

    /**
     * {@link #decode(byte[], String)}, taking the software list's span digest as well. With
     * {@code knownSoftwareDigest} (the digest of the list this device sent last, which was validated and stored),
     * a list whose bytes are the same is neither parsed nor validated again: {@link Decoded#softwareUnchanged()} and
     * no software in the report. Every limit and every check applies as in {@link #decode(byte[], String)}, with the same errors.
     */
    public Decoded decode(byte[] body, String contentEncoding, String knownSoftwareDigest) throws WireException {
        return decodeInflated(inflate(body, contentEncoding), knownSoftwareDigest == null ? null : knownSoftwareDigest::equals);
    }

    /**
     * {@link #decode(byte[], String, String)} against any number of stored lists: {@code storedSoftware} tells whether
     * a span digest names a list that was decoded, checked and stored before (by any device: lists are stored under
     * a collision-resistant digest of their bytes). It is asked at most twice per report, only for a report with a
     * list, and may block.
     *
     * <p>A body whose list came in a member of its own ({@link GzipMembers}, what {@link #encodeForSending} writes)
     * whose bytes this codec inflated before to a stored list is decoded without inflating or digesting that member:
     * the rest is parsed around a placeholder, with every check, and the result is the one a whole decode gives.
     */
    public Decoded decodeWithStored(byte[] body, String contentEncoding, java.util.function.Predicate<String> storedSoftware)
            throws WireException {
        GzipMembers.Read read = isGzip(contentEncoding) && body.length <= Limits.MAX_WIRE_BYTES
                ? GzipMembers.read(body, Limits.MAX_REPORT_BYTES, z -> {
                    GzipMembers.Known k = members.get(z);
                    return k != null && storedSoftware.test(k.spanDigest()) ? k : null;
                })
                : null;
        if (read == null) {
            return decodeInflated(inflate(body, contentEncoding), storedSoftware, null);
        }
        if (read.placeholderAt() >= 0) {
            Decoded d = decodeAroundPlaceholder(read);
            if (d != null) {
                membersKnown.increment();
                return d;
            }
            // anything else (the placeholder was not the software value): the whole body, the ordinary way
            return decodeInflated(inflate(body, contentEncoding), storedSoftware, null);
        }
        return decodeInflated(read.json(), storedSoftware, read);
    }

    /** The report with the known list member as a placeholder, or {@code null} when that is not the same decode. */
    private Decoded decodeAroundPlaceholder(GzipMembers.Read read) {
        SoftwareSpan span = SoftwareSpan.placeholder(read.json(), read.placeholderAt(), read.known().spanDigest());
        ObjectReader reader = REPORT_READER.withAttribute(SoftwareSpan.class, span);
        try {
            Report report = read(read.json(), p -> reader.readValue(p));
            if (!span.placeholderTaken()) {
                return null;
            }
            return new Decoded(validator.validate(report), span.digest(), true);
        } catch (WireException | RuntimeException e) {
            return null; // errors are told by the whole decode, as for any other body
        }
    }

    private static boolean isGzip(String contentEncoding) {
        return contentEncoding != null && contentEncoding.trim().equalsIgnoreCase("gzip");
    }

    private Decoded decodeInflated(byte[] json, java.util.function.Predicate<String> storedSoftware)
            throws WireException {
        return decodeInflated(json, storedSoftware, null);
    }

    /** @param read the body as read member by member, to remember its list member by; {@code null} for none */
    private Decoded decodeInflated(byte[] json, java.util.function.Predicate<String> storedSoftware,
                                   GzipMembers.Read read) throws WireException {
        SoftwareSpan span = new SoftwareSpan(json, storedSoftware);
        ObjectReader reader = REPORT_READER.withAttribute(SoftwareSpan.class, span);
        Report report;
        try {
            report = read(json, p -> reader.readValue(p));
        } catch (WireException | RuntimeException e) {
            if (!span.matched()) {
                throw e;
            }
            // the list's bytes are those stored before: the rest of the report is parsed again, every check applied,
            // around a null list (what precedes the list is parsed twice; it is small)
            report = read(span.spliced(), Report.class);
        }
        Decoded decoded = new Decoded(validator.validate(report), span.digest(), span.unchanged());
        if (read != null && span.digest() != null && read.markedStart() >= 0
                && span.start() == read.markedStart() && span.end() == read.markedEnd()) {
            // the marked member held exactly the list, which passed every check: its bytes now name it
            members.put(read.memberDigest(), new GzipMembers.Known(span.digest(), read.markedEnd() - read.markedStart()));
        }
        return decoded;
    }

    /** Whether {@code digest} is a span digest (as opposed to the SHA-256 hex of a list's fields stored before). */
    public static boolean isSpanDigest(String digest) {
        return digest != null && digest.startsWith(SoftwareSpan.PREFIX);
    }

    private static final ObjectReader REPORT_READER = WireJson.mapper().readerFor(Report.class);

    /** Reads any wire type (enrolment bodies, say) under the same limits, without report validation. */
    public static <T> T read(byte[] json, Class<T> type) throws WireException {
        return read(json, p -> WireJson.mapper().readValue(p, type));
    }

    private interface Binder<T> {
        T bind(JsonParser p) throws IOException;
    }

    private static <T> T read(byte[] json, Binder<T> binder) throws WireException {
        if (json.length == 0) {
            throw new WireException(WireException.Problem.MALFORMED, null, "the body is empty; send one JSON object");
        }
        try (JsonParser p = WireJson.boundedParser(json)) {
            T value = binder.bind(p);
            if (value == null) {
                throw new WireException(WireException.Problem.MALFORMED, null, "the body is JSON null; send one JSON object");
            }
            return value;
        } catch (StreamConstraintsException e) {
            throw new WireException(WireException.Problem.TOO_LARGE, null, "over a limit: " + firstLine(e.getOriginalMessage()));
        } catch (MismatchedInputException e) {
            throw new WireException(WireException.Problem.MALFORMED, path(e), firstLine(e.getOriginalMessage()));
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof StreamConstraintsException sce) {
                throw new WireException(WireException.Problem.TOO_LARGE, path(e), "over a limit: " + firstLine(sce.getOriginalMessage()));
            }
            throw new WireException(WireException.Problem.MALFORMED, path(e), firstLine(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            throw new WireException(WireException.Problem.MALFORMED, null, "not valid JSON: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new WireException(WireException.Problem.MALFORMED, null, "unreadable body: " + firstLine(e.getMessage()));
        }
    }

    /** Undoes the Content-Encoding, refusing to inflate past {@link Limits#MAX_REPORT_BYTES}. */
    public static byte[] inflate(byte[] body, String contentEncoding) throws WireException {
        if (body.length > Limits.MAX_WIRE_BYTES) {
            throw new WireException(WireException.Problem.TOO_LARGE, null,
                    String.format("the body is %d bytes, the limit is %d", body.length, Limits.MAX_WIRE_BYTES));
        }
        if (contentEncoding == null || contentEncoding.isBlank() || contentEncoding.equalsIgnoreCase("identity")) {
            if (body.length > Limits.MAX_REPORT_BYTES) {
                throw new WireException(WireException.Problem.TOO_LARGE, null, "the body is over " + Limits.MAX_REPORT_BYTES + " bytes");
            }
            return body;
        }
        if (!contentEncoding.trim().equalsIgnoreCase("gzip")) {
            throw new WireException(WireException.Problem.UNSUPPORTED, null,
                    "Content-Encoding '" + truncate(contentEncoding) + "' is not accepted; send gzip or identity");
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body), 8192)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(body.length * 12, Limits.MAX_REPORT_BYTES));
            byte[] buf = new byte[16384];
            int total = 0;
            for (int n; (n = in.read(buf)) > 0; ) {
                total += n;
                if (total > Limits.MAX_REPORT_BYTES) {
                    throw new WireException(WireException.Problem.TOO_LARGE, null,
                            "the gzip body inflates past " + Limits.MAX_REPORT_BYTES + " bytes");
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new WireException(WireException.Problem.MALFORMED, null, "the body is not valid gzip: " + firstLine(e.getMessage()));
        }
    }

    /** Serialises any wire value to JSON bytes. */
    public static byte[] toJson(Object value) {
        try {
            return WireJson.mapper().writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /** Serialises to gzipped JSON at the default compression level (fast; what the collector stores). */
    public static byte[] toGzipJson(Object value) {
        return toGzipJson(value, java.util.zip.Deflater.DEFAULT_COMPRESSION);
    }

    /**
     * Serialises to gzipped JSON at {@code level} (0–9). Agents send at 9: a report is compressed
     * once on the laptop and crosses the network and the collector's parser many times.
     */
    public static byte[] toGzipJson(Object value, int level) {
        return gzip(out -> WireJson.mapper().writeValue(out, value), level);
    }

    /**
     * The bytes an agent sends: gzip at level 9 (compressed once on the laptop, read many times) of the JSON with
     * the software list as a table ({@link SoftwareTable}), written by {@link ReportWriter} so that a short-lived
     * scan process need not build an {@code ObjectMapper}. {@link #decode} gives back an equal report.
     */
    public static byte[] encodeForSending(Report report) {
        ByteArrayOutputStream json = new ByteArrayOutputStream(64 * 1024);
        int[] span;
        try {
            span = ReportWriter.writeSpanned(report, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] b = json.toByteArray();
        if (span == null || b[span[0] - 1] != ':' || (b[span[0]] != '[' && b[span[0]] != '{')) {
            return gzip(out -> out.write(b), java.util.zip.Deflater.BEST_COMPRESSION);
        }
        // the list in a member of its own: a collector that inflated these bytes before knows them by their digest
        return GzipMembers.encode(b, span[0], span[1], java.util.zip.Deflater.BEST_COMPRESSION);
    }

    /** Reports this codec decoded around a list member it knew by its bytes (neither inflated nor hashed). */
    public long listMembersKnown() {
        return membersKnown.sum();
    }

    /** How many software-list members this codec remembers ({@link GzipMembers}). */
    public int rememberedListMembers() {
        return members.size();
    }

    private interface Body {
        void writeTo(java.io.OutputStream out) throws IOException;
    }

    private static byte[] gzip(Body body, int level) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes) {
            {
                def.setLevel(level);
            }
        }) {
            body.writeTo(gz);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return truncate(nl < 0 ? s : s.substring(0, nl));
    }

    private static String truncate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
