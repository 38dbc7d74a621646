package io.rollcall.collector.findings;

import io.rollcall.common.report.Tri;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds a verdict's evidence: an ordered map of plain JSON values. Null values are left out (absent
 * means "not reported"), {@link Tri} becomes {@code true}/{@code false}/{@code "unknown"}, instants
 * become ISO-8601 strings and enums their lower-case, hyphenated wire names, so the server can store
 * the map with any JSON mapper.
 */
public final class Evidence {
    private final Map<String, Object> values = new LinkedHashMap<>();

    private Evidence() {
    }

    /** A new, empty builder. */
    public static Evidence of() {
        return new Evidence();
    }

    /** Adds {@code key}; a null value is skipped. */
    public Evidence put(String key, Object value) {
        Object v = plain(value);
        if (v != null) {
            values.put(key, v);
        }
        return this;
    }

    /** Adds the {@code fix} text: what a technician does to clear the finding. */
    public Evidence fix(String howToFix) {
        return put("fix", howToFix);
    }

    /** The evidence, unmodifiable and in insertion order. */
    public Map<String, Object> build() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** {@code value} as a plain JSON value; lists and maps are converted element by element. */
    public static Object plain(Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Tri t) {
            return switch (t) {
                case YES -> Boolean.TRUE;
                case NO -> Boolean.FALSE;
                case UNKNOWN -> "unknown";
            };
        }
        if (value instanceof Instant i) {
            return i.toString();
        }
        if (value instanceof Enum<?> e) {
            return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> {
                Object pv = plain(v);
                if (pv != null) {
                    out.put(String.valueOf(k), pv);
                }
            });
            return Collections.unmodifiableMap(out);
        }
        if (value instanceof Iterable<?> it) {
            List<Object> out = new java.util.ArrayList<>();
            it.forEach(v -> out.add(plain(v)));
            return Collections.unmodifiableList(out);
        }
        return value.toString();
    }
}
