package io.rollcall.common.report;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What happened to a removable medium. */
public enum MediaAction {
    @JsonProperty("connected") CONNECTED,
    @JsonProperty("disconnected") DISCONNECTED
}
