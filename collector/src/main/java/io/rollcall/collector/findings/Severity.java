package io.rollcall.collector.findings;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How much a finding matters, lowest first. On the wire and in JSON each value is its lower-case
 * name ({@code "high"}); the declaration order is the ranking used by {@link #atLeast(Severity)}.
 */
public enum Severity {
    INFO, LOW, MEDIUM, HIGH, CRITICAL;

    /** The lower-case name used in JSON, the API and the database. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The severity named {@code value}, ignoring case and surrounding blanks.
     *
     * @throws IllegalArgumentException naming the value when it is null or not a severity
     */
    @JsonCreator
    public static Severity parse(String value) {
        if (value != null) {
            String v = value.strip().toUpperCase(Locale.ROOT);
            for (Severity s : values()) {
                if (s.name().equals(v)) {
                    return s;
                }
            }
        }
        throw new IllegalArgumentException(String.format(
                "severity was \"%s\", must be one of info, low, medium, high, critical", value));
    }

    /** Whether this severity ranks the same as or above {@code other}. */
    public boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }
}
