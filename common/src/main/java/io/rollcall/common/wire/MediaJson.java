package io.rollcall.common.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.rollcall.common.report.MediaAction;
import io.rollcall.common.report.MediaDevice;
import io.rollcall.common.report.MediaEvent;
import io.rollcall.common.report.MediaKind;
import io.rollcall.common.report.Tri;
import io.rollcall.common.report.WireEnum;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Removable media as the agent keeps them between its short-lived workers (the media poll's baseline, the pending
 * events), written and read with Jackson's streaming API alone, in the wire's form ({@link ReportWriter}'s): the
 * form the agent's {@code ObjectMapper} wrote before, so files an older agent left still read. A worker that polls
 * media and finds nothing changed then loads no databind: building the mapper cost every worker a third of its CPU
 * (BENCHMARKS.md, issue 13). Unknown fields are skipped, as the mapper skipped them; a value of the wrong type is
 * an {@link IOException} naming the field.
 */
public final class MediaJson {
    private static final JsonFactory FACTORY = new JsonFactory();
    /** The baseline is a handful of devices; a file of more than this many is not one we wrote. */
    private static final int MAX_DEVICES = 10_000;

    private MediaJson() {
    }

    /** A JSON array of the devices. */
    public static byte[] devices(List<MediaDevice> devices) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartArray();
            for (MediaDevice d : devices) {
                ReportWriter.device(g, d);
            }
            g.writeEndArray();
        }
        return out.toByteArray();
    }

    /** One event as one line of JSON (no line break in it). */
    public static String event(MediaEvent e) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            ReportWriter.event(g, e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Reads what {@link #devices} wrote. */
    public static List<MediaDevice> readDevices(byte[] json) throws IOException {
        try (JsonParser p = FACTORY.createParser(json)) {
            expect(p, p.nextToken(), JsonToken.START_ARRAY, "a list of media");
            List<MediaDevice> out = new ArrayList<>();
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (out.size() == MAX_DEVICES) {
                    throw new JsonParseException(p, "more than " + MAX_DEVICES + " media");
                }
                out.add(device(p, t));
            }
            end(p);
            return out;
        }
    }

    /** Reads what {@link #event} wrote. */
    public static MediaEvent readEvent(String line) throws IOException {
        try (JsonParser p = FACTORY.createParser(line)) {
            MediaEvent e = event(p, p.nextToken());
            end(p);
            return e;
        }
    }

    private static MediaEvent event(JsonParser p, JsonToken start) throws IOException {
        expect(p, start, JsonToken.START_OBJECT, "a media event");
        Instant at = null;
        MediaAction action = null;
        MediaDevice device = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            switch (field) {
                case "at" -> at = instant(p, v);
                case "action" -> action = v == JsonToken.VALUE_NULL ? null : named(p, v, MediaAction.values());
                case "device" -> device = v == JsonToken.VALUE_NULL ? null : device(p, v);
                default -> p.skipChildren();
            }
        }
        return new MediaEvent(at, action, device);
    }

    private static MediaDevice device(JsonParser p, JsonToken start) throws IOException {
        expect(p, start, JsonToken.START_OBJECT, "a medium");
        MediaKind kind = null;
        String vendorId = null, productId = null, vendor = null, product = null, serial = null, filesystem = null;
        Long capacity = null;
        Tri encrypted = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            switch (field) {
                case "kind" -> kind = v == JsonToken.VALUE_NULL ? null : named(p, v, MediaKind.values());
                case "vendorId" -> vendorId = text(p, v);
                case "productId" -> productId = text(p, v);
                case "vendor" -> vendor = text(p, v);
                case "product" -> product = text(p, v);
                case "serial" -> serial = text(p, v);
                case "filesystem" -> filesystem = text(p, v);
                case "capacityBytes" -> {
                    if (v != JsonToken.VALUE_NULL) {
                        expect(p, v, JsonToken.VALUE_NUMBER_INT, "a whole number of bytes");
                        capacity = p.getLongValue();
                    }
                }
                case "encrypted" -> encrypted = tri(p, v);
                default -> p.skipChildren();
            }
        }
        return new MediaDevice(kind, vendorId, productId, vendor, product, serial, capacity, filesystem, encrypted);
    }

    private static String text(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(p, v, JsonToken.VALUE_STRING, "text");
        return p.getText();
    }

    private static Tri tri(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        if (v == JsonToken.VALUE_TRUE) {
            return Tri.YES;
        }
        if (v == JsonToken.VALUE_FALSE) {
            return Tri.NO;
        }
        if (v == JsonToken.VALUE_STRING && "unknown".equals(p.getText())) {
            return Tri.UNKNOWN;
        }
        throw new JsonParseException(p, "'" + p.currentName() + "' must be true, false or \"unknown\"");
    }

    private static Instant instant(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(p, v, JsonToken.VALUE_STRING, "an ISO-8601 instant");
        try {
            return Instant.parse(p.getText());
        } catch (DateTimeParseException e) {
            throw new JsonParseException(p, "'" + p.currentName() + "' is not an ISO-8601 instant: " + p.getText());
        }
    }

    private static <E extends Enum<E> & WireEnum> E named(JsonParser p, JsonToken v, E[] values) throws IOException {
        expect(p, v, JsonToken.VALUE_STRING, "a name");
        String s = p.getText();
        for (E e : values) {
            if (e.wire().equals(s)) {
                return e;
            }
        }
        throw new JsonParseException(p, "'" + p.currentName() + "' has an unknown value: " + s);
    }

    private static void expect(JsonParser p, JsonToken got, JsonToken want, String what) throws IOException {
        if (got != want) {
            throw new JsonParseException(p, (p.currentName() == null ? "expected " : "'" + p.currentName()
                    + "' must be ") + what + ", found " + got);
        }
    }

    private static void end(JsonParser p) throws IOException {
        if (p.nextToken() != null) {
            throw new JsonParseException(p, "trailing content after the JSON value");
        }
    }
}
