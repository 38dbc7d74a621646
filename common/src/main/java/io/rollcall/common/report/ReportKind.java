package io.rollcall.common.report;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a report carries: every section, only the sections that changed, or none (a sign of life). */
public enum ReportKind {
    @JsonProperty("full") FULL,
    @JsonProperty("delta") DELTA,
    @JsonProperty("heartbeat") HEARTBEAT;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
