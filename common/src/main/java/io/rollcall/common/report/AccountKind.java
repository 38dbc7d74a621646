package io.rollcall.common.report;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where an account lives: on this machine, in a directory domain, or in a cloud directory (Entra ID). */
public enum AccountKind implements WireEnum {
    LOCAL("local"),
    DOMAIN("domain"),
    CLOUD("cloud");

    private final String wire;

    AccountKind(String wire) {
        this.wire = wire;
    }

    /** The name on the wire; databind reads and writes it through this method, the streaming writer calls it. */
    @JsonValue
    @Override
    public String wire() {
        return wire;
    }
}
