package io.rollcall.agent.probe;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One JSON value read with Jackson's streaming parser into maps, lists, strings, booleans, numbers and nulls, for
 * probes that read JSON (the OS support table, the kernel journal). Reading it this way keeps databind's object mapper
 * (hundreds of classes and their set-up, BENCHMARKS.md issue 13) off the probes' path.
 */
public final class JsonValues {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonValues() {
    }

    /** The first value in {@code json}; an empty map when there is none (as an empty document). */
    public static Object parse(byte[] json) throws IOException {
        try (JsonParser p = FACTORY.createParser(json)) {
            return first(p);
        }
    }

    /** As {@link #parse(byte[])}, from text. */
    public static Object parse(String json) throws IOException {
        try (JsonParser p = FACTORY.createParser(json)) {
            return first(p);
        }
    }

    private static Object first(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        return t == null ? Map.of() : value(p, t);
    }

    private static Object value(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    String name = p.currentName();
                    m.put(name, value(p, p.nextToken()));
                }
                return m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    l.add(value(p, e));
                }
                return l;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return p.getNumberValue();
            }
            default -> {
                return null; // VALUE_NULL
            }
        }
    }

    /** {@code v}'s field {@code name}, or {@code null} when {@code v} is not an object or has no such field. */
    public static Object field(Object v, String name) {
        return v instanceof Map<?, ?> m ? m.get(name) : null;
    }

    /** A scalar as text (as databind's {@code asText}); {@code orElse} for null, a missing value or a container. */
    public static String asText(Object v, String orElse) {
        return v instanceof String || v instanceof Number || v instanceof Boolean ? v.toString() : orElse;
    }

    /** {@code true}, a non-zero number or the text "true" (as databind's {@code asBoolean(false)}). */
    public static boolean asBoolean(Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n) {
            return n.longValue() != 0;
        }
        return v instanceof String s && "true".equals(s.trim());
    }

    /** A number, or text holding an int (as databind's {@code asInt()}); 0 otherwise. */
    public static int asInt(Object v) {
        if (v instanceof Number n) {
            return n.intValue();
        }
        if (v instanceof String s) {
            try {
                return Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }
}
