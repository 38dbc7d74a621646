package io.rollcall.collector.findings;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What a rule concluded about a device. There is deliberately no PASS: a passing check produces no
 * verdict at all, and {@code UNKNOWN} ("cannot verify") is its own state, never a pass.
 */
public enum Outcome {
    /** The device breaks the rule. */
    FAIL,
    /** The agent could not establish the facts the rule needs. */
    UNKNOWN;

    /** The lower-case name used in JSON and the database: {@code "fail"}, {@code "unknown"}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The outcome named {@code value}, ignoring case.
     *
     * @throws IllegalArgumentException naming the value when it is not an outcome
     */
    @JsonCreator
    public static Outcome parse(String value) {
        if (value != null) {
            String v = value.strip().toUpperCase(Locale.ROOT);
            for (Outcome o : values()) {
                if (o.name().equals(v)) {
                    return o;
                }
            }
        }
        throw new IllegalArgumentException(String.format("outcome was \"%s\", must be fail or unknown", value));
    }
}
