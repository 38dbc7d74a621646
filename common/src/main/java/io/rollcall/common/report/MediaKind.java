package io.rollcall.common.report;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The kind of removable medium. MTP and PTP are phones and cameras exposing their storage over USB;
 * {@code external-disk} is a portable drive on another bus (Thunderbolt, PCIe, FireWire, eSATA).
 */
public enum MediaKind implements WireEnum {
    USB_STORAGE("usb-storage"),
    SD_CARD("sd-card"),
    MTP("mtp"),
    PTP("ptp"),
    OPTICAL("optical"),
    EXTERNAL_DISK("external-disk");

    private final String wire;

    MediaKind(String wire) {
        this.wire = wire;
    }

    /** The name on the wire; databind reads and writes it through this method, the streaming writer calls it. */
    @JsonValue
    @Override
    public String wire() {
        return wire;
    }
}
