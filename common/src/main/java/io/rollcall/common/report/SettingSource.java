package io.rollcall.common.report;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where an effective setting came from: the user's own choice, an enforced policy, the system default, or unknown. */
public enum SettingSource {
    @JsonProperty("user") USER,
    @JsonProperty("policy") POLICY,
    @JsonProperty("default") DEFAULT,
    @JsonProperty("unknown") UNKNOWN
}
