package io.rollcall.agent.explain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rollcall.agent.os.CommandResult;
import io.rollcall.agent.os.UntrustedListing;
import io.rollcall.agent.os.UntrustedRead;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How each seam's answer is written in a record and read back for a replay. Values keep their type
 * ({@code {"sz":"…"}}, {@code {"int":1}}, {@code {"long":1}}, {@code {"bool":true}}, {@code {"multi":[…]}},
 * {@code {"bytes":"<base64>"}}) because the probes read a REG_DWORD and a REG_SZ holding a number differently.
 */
final class Codec {
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Codec() {
    }

    static ObjectNode error(Exception e) {
        return JSON.objectNode().put("error", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                .put("exception", e.getClass().getSimpleName());
    }

    /** The recorded failure of a file read as the exception the probe saw (by kind, for the two that matter). */
    static java.io.IOException ioException(JsonNode n) {
        String message = n.path("error").asText();
        return switch (n.path("exception").asText("")) {
            case "NoSuchFileException" -> new java.nio.file.NoSuchFileException(message);
            case "AccessDeniedException" -> new java.nio.file.AccessDeniedException(message);
            default -> new java.io.IOException(message);
        };
    }

    static ObjectNode lines(List<String> lines) {
        ObjectNode n = JSON.objectNode();
        strings(n.putArray("lines"), lines);
        return n;
    }

    static ObjectNode names(Collection<String> names) {
        ObjectNode n = JSON.objectNode();
        strings(n.putArray("names"), names);
        return n;
    }

    static void strings(ArrayNode a, Collection<String> values) {
        values.forEach(a::add);
    }

    static List<String> strings(JsonNode a) {
        List<String> out = new ArrayList<>();
        a.forEach(v -> out.add(v.asText()));
        return out;
    }

    /** Bytes as text when they are UTF-8 (readable in a capture), else base64. */
    static ObjectNode bytes(byte[] b) {
        ObjectNode n = JSON.objectNode();
        try {
            n.put("text", StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b)).toString());
        } catch (CharacterCodingException e) {
            n.put("base64", Base64.getEncoder().encodeToString(b));
        }
        return n;
    }

    static byte[] bytes(JsonNode n) {
        return n.has("base64") ? Base64.getDecoder().decode(n.path("base64").asText())
                : n.path("text").asText().getBytes(StandardCharsets.UTF_8);
    }

    static ObjectNode untrusted(UntrustedRead r) {
        if (r.isPresent()) {
            return bytes(r.bytes());
        }
        return r.isMissing() ? JSON.objectNode().put("missing", true) : JSON.objectNode().put("refused", r.reason());
    }

    static UntrustedRead untrusted(JsonNode n) {
        if (n.has("refused")) {
            return UntrustedRead.refused(n.path("refused").asText());
        }
        return n.has("text") || n.has("base64") ? UntrustedRead.content(bytes(n)) : UntrustedRead.missing();
    }

    static ObjectNode listing(UntrustedListing l) {
        ObjectNode n = JSON.objectNode();
        if (l.refused() != null) {
            n.put("refused", l.refused());
        }
        ArrayNode a = n.putArray("entries");
        for (UntrustedListing.Entry e : l.entries()) {
            a.addObject().put("name", e.name()).put("modified", e.modified() == null ? null : e.modified().toString())
                    .put("directory", e.directory());
        }
        return n;
    }

    static UntrustedListing listing(JsonNode n) {
        if (n.has("refused")) {
            return UntrustedListing.refusal(n.path("refused").asText());
        }
        List<UntrustedListing.Entry> entries = new ArrayList<>();
        for (JsonNode e : n.path("entries")) {
            entries.add(new UntrustedListing.Entry(e.path("name").asText(), instant(e.path("modified")),
                    e.path("directory").asBoolean()));
        }
        return entries.isEmpty() ? UntrustedListing.missing() : new UntrustedListing(entries, null);
    }

    static ObjectNode optional(Optional<?> v) {
        ObjectNode n = JSON.objectNode();
        v.ifPresent(x -> n.put("value", x.toString()));
        return n;
    }

    static Instant instant(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() ? null : Instant.parse(n.asText());
    }

    static ObjectNode command(List<String> command, Map<String, String> env, CommandResult r) {
        ObjectNode n = JSON.objectNode().put("exitCode", r.exitCode());
        if (!env.isEmpty()) {
            ObjectNode e = n.putObject("env");
            new TreeMap<>(env).forEach(e::put);
        }
        strings(n.putArray("stdout"), r.stdout());
        if (r.failure() != null) {
            n.put("failure", r.failure());
        }
        return n;
    }

    static CommandResult command(JsonNode n) {
        return new CommandResult(n.path("exitCode").asInt(-1), strings(n.path("stdout")),
                n.hasNonNull("failure") ? n.path("failure").asText() : null);
    }

    /** One registry or WMI value with its type. */
    static ObjectNode value(Object v) {
        ObjectNode n = JSON.objectNode();
        if (v instanceof String s) {
            n.put("sz", s);
        } else if (v instanceof Integer i) {
            n.put("int", i);
        } else if (v instanceof Long l) {
            n.put("long", l);
        } else if (v instanceof Boolean b) {
            n.put("bool", b);
        } else if (v instanceof byte[] b) {
            n.put("bytes", Base64.getEncoder().encodeToString(b));
        } else if (v instanceof List<?> list) {
            ArrayNode a = n.putArray("multi");
            list.forEach(x -> a.add(String.valueOf(x)));
        } else if (v instanceof Number num) {
            n.put("long", num.longValue());
        } else {
            n.put("sz", String.valueOf(v));
        }
        return n;
    }

    static Object value(JsonNode n) {
        if (n.has("int")) {
            return n.path("int").asInt();
        }
        if (n.has("long")) {
            return n.path("long").asLong();
        }
        if (n.has("bool")) {
            return n.path("bool").asBoolean();
        }
        if (n.has("bytes")) {
            return Base64.getDecoder().decode(n.path("bytes").asText());
        }
        if (n.has("multi")) {
            return strings(n.path("multi"));
        }
        return n.path("sz").asText();
    }

    static ObjectNode values(Map<String, Object> values) {
        ObjectNode n = JSON.objectNode();
        ObjectNode v = n.putObject("values");
        values.forEach((k, x) -> v.set(k, value(x)));
        return n;
    }

    static Map<String, Object> values(JsonNode values, Map<String, Object> into) {
        values.fields().forEachRemaining(e -> into.put(e.getKey(), value(e.getValue())));
        return into;
    }

    static Map<String, Object> row(JsonNode row) {
        return values(row, new LinkedHashMap<>());
    }
}
