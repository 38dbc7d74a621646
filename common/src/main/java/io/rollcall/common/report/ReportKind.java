package io.rollcall.common.report;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a report carries: every section, only the sections that changed, or none (a sign of life). */
public enum ReportKind implements WireEnum {
    FULL("full"),
    DELTA("delta"),
    HEARTBEAT("heartbeat");

    private final String wire;

    ReportKind(String wire) {
        this.wire = wire;
    }

    /** The name on the wire; databind reads and writes it through this method, the streaming writer calls it. */
    @JsonValue
    @Override
    public String wire() {
        return wire;
    }

    public String wireName() {
        return wire;
    }
}
