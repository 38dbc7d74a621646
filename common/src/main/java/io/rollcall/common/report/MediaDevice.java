package io.rollcall.common.report;

/**
 * A removable medium.
 *
 * @param vendorId      USB vendor id as four lower-case hex digits, e.g. "0781"
 * @param productId     USB product id as four lower-case hex digits
 * @param serial        the device's own serial number; {@code null} when it reports none
 * @param capacityBytes size in bytes; {@code null} when unknown (MTP/PTP devices often hide it)
 * @param filesystem    e.g. "vfat", "exfat", "crypto_LUKS"; {@code null} when not mounted or unknown
 * @param encrypted     whether the medium's contents are encrypted
 */
public record MediaDevice(MediaKind kind, String vendorId, String productId, String vendor, String product,
                          String serial, Long capacityBytes, String filesystem, Tri encrypted) {

    /** A key that identifies the physical device across reports: serial when it has one, else vendor:product. */
    public String identityKey() {
        String ids = (vendorId == null ? "?" : vendorId) + ":" + (productId == null ? "?" : productId);
        return serial == null || serial.isBlank() ? ids : ids + ":" + serial;
    }
}
