package io.rollcall.common.report;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where an effective setting came from, the winner among everything that can set it: the user's own choice, a
 * Group Policy or configuration-profile policy, an MDM (Intune PolicyManager, macOS profile payload), the power
 * plan's display-off/sleep timeout (the screen locks when the display sleeps and sign-in is asked on wake), the
 * screensaver, the system default, or unknown.
 */
public enum SettingSource {
    @JsonProperty("user") USER,
    @JsonProperty("policy") POLICY,
    @JsonProperty("mdm") MDM,
    @JsonProperty("power") POWER,
    @JsonProperty("screensaver") SCREENSAVER,
    @JsonProperty("default") DEFAULT,
    @JsonProperty("unknown") UNKNOWN
}
