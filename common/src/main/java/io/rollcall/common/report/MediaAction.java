package io.rollcall.common.report;

import com.fasterxml.jackson.annotation.JsonValue;

/** What happened to a removable medium. */
public enum MediaAction implements WireEnum {
    CONNECTED("connected"),
    DISCONNECTED("disconnected");

    private final String wire;

    MediaAction(String wire) {
        this.wire = wire;
    }

    /** The name on the wire; databind reads and writes it through this method, the streaming writer calls it. */
    @JsonValue
    @Override
    public String wire() {
        return wire;
    }
}
