package io.rollcall.collector.findings;

import io.rollcall.common.report.MediaDevice;

/**
 * A removable medium (or a model of them) the school has approved. Every field that is given must
 * match; a blank field matches anything. An entry with no serial, vendorId or productId would approve
 * every medium, so {@link Policy#problems()} refuses it and {@link #matches(MediaDevice)} matches nothing.
 *
 * @param serial      the medium's own serial number, compared ignoring case
 * @param vendorId    USB vendor id, four hex digits, compared ignoring case
 * @param productId   USB product id, four hex digits, compared ignoring case
 * @param description what it is, for people ("Office encrypted stick #3")
 */
public record ApprovedMedia(String serial, String vendorId, String productId, String description) {

    public ApprovedMedia {
        serial = blankToNull(serial);
        vendorId = blankToNull(vendorId);
        productId = blankToNull(productId);
    }

    /** Whether the entry identifies anything at all. */
    public boolean identifiesSomething() {
        return serial != null || vendorId != null || productId != null;
    }

    /** Whether {@code device} is covered by this approval. */
    public boolean matches(MediaDevice device) {
        return device != null && identifiesSomething()
                && same(serial, device.serial()) && same(vendorId, device.vendorId())
                && same(productId, device.productId());
    }

    private static boolean same(String wanted, String actual) {
        return wanted == null || (actual != null && wanted.equalsIgnoreCase(actual.strip()));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
