package io.rollcall.agent.state;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * {@code state.json} read and written with Jackson's streaming API, in exactly the form the object mapper wrote it
 * (fields in record order, nulls left out, pretty-printed; {@code StateJsonTest} compares the two), so every state
 * file ever written still loads. Every scan process reads the state; databind's mapper and its record introspection
 * cost a short-lived worker more than the read itself (BENCHMARKS.md, issue 13). Secrets are sealed and opened
 * here as {@link StoredSecret} describes. Unknown fields are skipped; duplicate fields, trailing content, a null or
 * a string where a number belongs fail with the field's name.
 */
final class StateJson {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private StateJson() {
    }

    static byte[] write(AgentState s, SecretProtector protector) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            string(g, "server", s.server());
            string(g, "deviceId", s.deviceId());
            secret(g, StoredSecret.FIELD, s.deviceSecret(), protector);
            string(g, "caPemFile", s.caPemFile());
            string(g, "deviceSalt", s.deviceSalt());
            g.writeNumberField("reportIntervalSeconds", s.reportIntervalSeconds());
            g.writeObjectFieldStart("sectionHashes");
            for (Map.Entry<String, String> e : s.sectionHashes().entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            string(g, "lastFullAt", s.lastFullAt());
            string(g, "lastDeltaAt", s.lastDeltaAt());
            string(g, "lastQueuedAt", s.lastQueuedAt());
            string(g, "lastDeliveryAt", s.lastDeliveryAt());
            g.writeObjectFieldStart("dropped");
            g.writeNumberField("heartbeats", s.dropped().heartbeats());
            g.writeNumberField("reports", s.dropped().reports());
            g.writeNumberField("events", s.dropped().events());
            g.writeBooleanField("zero", s.dropped().isZero()); // the mapper wrote isZero() as a property
            g.writeEndObject();
            string(g, "mediaHistorySentUpTo", s.mediaHistorySentUpTo());
            g.writeObjectFieldStart("mediaHistoryInFlight");
            for (Map.Entry<UUID, Instant> e : s.mediaHistoryInFlight().entrySet()) {
                g.writeStringField(e.getKey().toString(), e.getValue().toString());
            }
            g.writeEndObject();
            secret(g, StoredSecret.TOKEN_FIELD, s.enrollToken(), protector);
            PendingCredential p = s.pending();
            if (p != null) {
                g.writeObjectFieldStart(StoredSecret.PENDING);
                string(g, "deviceId", p.deviceId());
                secret(g, StoredSecret.FIELD, p.deviceSecret(), protector);
                string(g, "pendingId", p.pendingId());
                string(g, "since", p.since());
                g.writeNumberField("reportIntervalSeconds", p.reportIntervalSeconds());
                if (p.proofRefused() != null) {
                    g.writeBooleanField("proofRefused", p.proofRefused());
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    private static void string(JsonGenerator g, String field, Object value) throws IOException {
        if (value != null) {
            g.writeStringField(field, value.toString());
        }
    }

    private static void secret(JsonGenerator g, String field, String clear, SecretProtector protector)
            throws IOException {
        if (clear == null) {
            return;
        }
        if (!protector.seals()) {
            g.writeStringField(field, clear);
            return;
        }
        byte[] sealed = protector.protect(clear.getBytes(StandardCharsets.UTF_8));
        g.writeObjectFieldStart(field);
        g.writeStringField(StoredSecret.PROTECTOR, protector.id());
        g.writeStringField(StoredSecret.SEALED, Base64.getEncoder().encodeToString(sealed));
        g.writeEndObject();
    }

    static AgentState read(byte[] json, SecretProtector protector) throws IOException {
        try (JsonParser p = FACTORY.createParser(json)) {
            expect(p, p.nextToken(), JsonToken.START_OBJECT, "state");
            String server = null, deviceSecret = null, caPemFile = null, salt = null, token = null;
            UUID deviceId = null;
            int interval = 0;
            Map<String, String> hashes = null;
            Instant full = null, delta = null, queued = null, delivery = null, sentUpTo = null;
            DropCounters dropped = null;
            Map<UUID, Instant> inFlight = null;
            PendingCredential pending = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken t = p.nextToken();
                switch (f) {
                    case "server" -> server = text(p, t, f);
                    case "deviceId" -> deviceId = uuid(p, t, f);
                    case StoredSecret.FIELD -> deviceSecret = secret(p, t, f, protector);
                    case "caPemFile" -> caPemFile = text(p, t, f);
                    case "deviceSalt" -> salt = text(p, t, f);
                    case "reportIntervalSeconds" -> interval = intNumber(p, t, f);
                    case "sectionHashes" -> hashes = hashes(p, t, f);
                    case "lastFullAt" -> full = instant(p, t, f);
                    case "lastDeltaAt" -> delta = instant(p, t, f);
                    case "lastQueuedAt" -> queued = instant(p, t, f);
                    case "lastDeliveryAt" -> delivery = instant(p, t, f);
                    case "dropped" -> dropped = dropped(p, t);
                    case "mediaHistorySentUpTo" -> sentUpTo = instant(p, t, f);
                    case "mediaHistoryInFlight" -> inFlight = inFlight(p, t, f);
                    case StoredSecret.TOKEN_FIELD -> token = secret(p, t, f, protector);
                    case StoredSecret.PENDING -> pending = pending(p, t, protector);
                    default -> p.skipChildren(); // a field of a newer agent
                }
            }
            expect(p, p.currentToken(), JsonToken.END_OBJECT, "state");
            if (p.nextToken() != null) {
                throw new IOException("trailing content after the state object");
            }
            return new AgentState(server, deviceId, deviceSecret, caPemFile, salt, interval, hashes, full, delta,
                    queued, delivery, dropped, sentUpTo, inFlight, token, pending);
        }
    }

    private static PendingCredential pending(JsonParser p, JsonToken t, SecretProtector protector) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(p, t, JsonToken.START_OBJECT, StoredSecret.PENDING);
        UUID deviceId = null, pendingId = null;
        String secret = null;
        Instant since = null;
        int interval = 0;
        Boolean refused = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken v = p.nextToken();
            String at = StoredSecret.PENDING + "." + f;
            switch (f) {
                case "deviceId" -> deviceId = uuid(p, v, at);
                case StoredSecret.FIELD -> secret = secret(p, v, at, protector);
                case "pendingId" -> pendingId = uuid(p, v, at);
                case "since" -> since = instant(p, v, at);
                case "reportIntervalSeconds" -> interval = intNumber(p, v, at);
                case "proofRefused" -> refused = v == JsonToken.VALUE_NULL ? null : bool(p, v, at);
                default -> p.skipChildren();
            }
        }
        return new PendingCredential(deviceId, secret, pendingId, since, interval, refused);
    }

    private static DropCounters dropped(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(p, t, JsonToken.START_OBJECT, "dropped");
        long heartbeats = 0, reports = 0, events = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken v = p.nextToken();
            switch (f) {
                case "heartbeats" -> heartbeats = number(p, v, "dropped.heartbeats");
                case "reports" -> reports = number(p, v, "dropped.reports");
                case "events" -> events = number(p, v, "dropped.events");
                default -> p.skipChildren(); // "zero" is derived
            }
        }
        try {
            return new DropCounters(heartbeats, reports, events);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static Map<String, String> hashes(JsonParser p, JsonToken t, String field) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(p, t, JsonToken.START_OBJECT, field);
        Map<String, String> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            String v = text(p, p.nextToken(), field + "." + k);
            if (v == null) {
                throw new IOException(field + "." + k + " was null, must be a string");
            }
            m.put(k, v);
        }
        return m;
    }

    private static Map<UUID, Instant> inFlight(JsonParser p, JsonToken t, String field) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(p, t, JsonToken.START_OBJECT, field);
        Map<UUID, Instant> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            UUID id;
            try {
                id = UUID.fromString(k);
            } catch (IllegalArgumentException e) {
                throw new IOException(field + " key \"" + k + "\" is not a UUID");
            }
            Instant at = instant(p, p.nextToken(), field + "." + k);
            if (at == null) {
                throw new IOException(field + "." + k + " was null, must be a time");
            }
            m.put(id, at);
        }
        return m;
    }

    /** A secret: the clear string, or {@code {"protector", "sealed"}} opened with {@code protector}. */
    private static String secret(JsonParser p, JsonToken t, String field, SecretProtector protector)
            throws IOException {
        if (t != JsonToken.START_OBJECT) {
            return text(p, t, field);
        }
        String id = "";
        String sealed = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken v = p.nextToken();
            if (f.equals(StoredSecret.PROTECTOR) && v == JsonToken.VALUE_STRING) {
                id = p.getText();
            } else if (f.equals(StoredSecret.SEALED) && v == JsonToken.VALUE_STRING) {
                sealed = p.getText();
            } else {
                p.skipChildren();
            }
        }
        String name = field.substring(field.lastIndexOf('.') + 1);
        if (!id.equals(protector.id()) || sealed == null) {
            throw new IOException(String.format("the %s was sealed by '%s', which this system (protector '%s') "
                    + "cannot open", name, id, protector.id()));
        }
        try {
            return new String(protector.unprotect(Base64.getDecoder().decode(sealed)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IOException("the sealed " + name + " is not base64", e);
        }
    }

    private static String text(JsonParser p, JsonToken t, String field) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_STRING) {
            throw new IOException(field + " was " + name(t) + ", must be a string");
        }
        return p.getText();
    }

    private static UUID uuid(JsonParser p, JsonToken t, String field) throws IOException {
        String s = text(p, t, field);
        try {
            return s == null ? null : UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            throw new IOException(field + " was \"" + s + "\", must be a UUID");
        }
    }

    private static Instant instant(JsonParser p, JsonToken t, String field) throws IOException {
        String s = text(p, t, field);
        try {
            return s == null ? null : Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new IOException(field + " was \"" + s + "\", must be a time such as 2026-01-31T08:00:00Z");
        }
    }

    private static long number(JsonParser p, JsonToken t, String field) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw new IOException(field + " was " + name(t) + ", must be a whole number");
        }
        return p.getLongValue();
    }

    private static int intNumber(JsonParser p, JsonToken t, String field) throws IOException {
        long n = number(p, t, field);
        if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
            throw new IOException(field + " was " + n + ", out of range");
        }
        return (int) n;
    }

    private static String name(JsonToken t) {
        if (t == null) {
            return "the end of the file";
        }
        return switch (t) {
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            default -> t.name();
        };
    }

    private static boolean bool(JsonParser p, JsonToken t, String field) throws IOException {
        if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
            return t == JsonToken.VALUE_TRUE;
        }
        throw new IOException(field + " must be true or false");
    }

    private static void expect(JsonParser p, JsonToken t, JsonToken wanted, String what) throws IOException {
        if (t != wanted) {
            throw new IOException(what + ": expected " + wanted.asString() + ", found " + name(t));
        }
    }
}
