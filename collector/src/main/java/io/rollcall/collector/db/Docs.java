package io.rollcall.collector.db;

import com.fasterxml.jackson.core.type.TypeReference;
import io.rollcall.common.wire.ReportCodec;
import io.rollcall.common.wire.WireJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;

/**
 * Stored documents: gzipped JSON. A device's software list is ~180 KB of JSON and ~25–31 KB gzipped;
 * storing it compressed keeps the database and its write volume small. Stored at gzip's fastest level:
 * for an 850-package list that is 1.2 ms instead of 2.6 ms at the default level, for 25 % more bytes
 * (31 KB against 25 KB), and a first report writes the list while its device waits for the 202
 * (BENCHMARKS.md, "Ingest near the ceiling").
 */
public final class Docs {
    private Docs() {
    }

    public static byte[] encode(Object value) {
        return ReportCodec.toGzipJson(value, java.util.zip.Deflater.BEST_SPEED);
    }

    private static final TypeReference<java.util.Map<String, Object>> MAP = new TypeReference<>() {
    };

    /** A JSON object stored as text (finding evidence); empty when {@code null}. */
    public static java.util.Map<String, Object> jsonMap(String json) {
        if (json == null) {
            return java.util.Map.of();
        }
        try {
            return WireJson.mapper().readValue(json, MAP);
        } catch (IOException e) {
            throw new UncheckedIOException("stored JSON is unreadable", e);
        }
    }

    public static <T> T decode(byte[] gz, Class<T> type) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return WireJson.mapper().readValue(in, type);
        } catch (IOException e) {
            throw new UncheckedIOException("stored document is unreadable", e);
        }
    }

    public static <T> T decode(byte[] gz, TypeReference<T> type) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return WireJson.mapper().readValue(in, type);
        } catch (IOException e) {
            throw new UncheckedIOException("stored document is unreadable", e);
        }
    }
}
