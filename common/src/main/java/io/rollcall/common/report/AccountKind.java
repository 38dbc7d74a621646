package io.rollcall.common.report;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where an account lives: on this machine, in a directory domain, or in a cloud directory (Entra ID). */
public enum AccountKind {
    @JsonProperty("local") LOCAL,
    @JsonProperty("domain") DOMAIN,
    @JsonProperty("cloud") CLOUD
}
