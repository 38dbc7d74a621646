package io.rollcall.common.report;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where an installed package was found. */
public enum SoftwareSource {
    @JsonProperty("registry") REGISTRY,
    @JsonProperty("msix") MSIX,
    @JsonProperty("dpkg") DPKG,
    @JsonProperty("rpm") RPM,
    @JsonProperty("snap") SNAP,
    @JsonProperty("flatpak") FLATPAK,
    @JsonProperty("app-bundle") APP_BUNDLE,
    @JsonProperty("pkgutil") PKGUTIL,
    @JsonProperty("brew") BREW
}
