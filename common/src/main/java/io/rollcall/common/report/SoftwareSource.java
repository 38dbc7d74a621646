package io.rollcall.common.report;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where an installed package was found. */
public enum SoftwareSource implements WireEnum {
    REGISTRY("registry"),
    MSIX("msix"),
    DPKG("dpkg"),
    RPM("rpm"),
    SNAP("snap"),
    FLATPAK("flatpak"),
    APP_BUNDLE("app-bundle"),
    PKGUTIL("pkgutil"),
    BREW("brew");

    private final String wire;

    SoftwareSource(String wire) {
        this.wire = wire;
    }

    /** The name on the wire; databind reads and writes it through this method, the streaming writer calls it. */
    @JsonValue
    @Override
    public String wire() {
        return wire;
    }
}
