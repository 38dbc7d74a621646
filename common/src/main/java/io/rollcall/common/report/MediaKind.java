package io.rollcall.common.report;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The kind of removable medium. MTP and PTP are phones and cameras exposing their storage over USB;
 * {@code external-disk} is a portable drive on another bus (Thunderbolt, PCIe, FireWire, eSATA).
 */
public enum MediaKind {
    @JsonProperty("usb-storage") USB_STORAGE,
    @JsonProperty("sd-card") SD_CARD,
    @JsonProperty("mtp") MTP,
    @JsonProperty("ptp") PTP,
    @JsonProperty("optical") OPTICAL,
    @JsonProperty("external-disk") EXTERNAL_DISK
}
