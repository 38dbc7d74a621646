package io.rollcall.common.report;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where an effective setting came from, the winner among everything that can set it: the user's own choice, a
 * Group Policy or configuration-profile policy, an MDM (Intune PolicyManager, macOS profile payload), the power
 * plan's display-off/sleep timeout (the screen locks when the display sleeps and sign-in is asked on wake), the
 * screensaver, the system default, or unknown.
 */
public enum SettingSource implements WireEnum {
    USER("user"),
    POLICY("policy"),
    MDM("mdm"),
    POWER("power"),
    SCREENSAVER("screensaver"),
    DEFAULT("default"),
    UNKNOWN("unknown");

    private final String wire;

    SettingSource(String wire) {
        this.wire = wire;
    }

    /** The name on the wire; databind reads and writes it through this method, the streaming writer calls it. */
    @JsonValue
    @Override
    public String wire() {
        return wire;
    }
}
