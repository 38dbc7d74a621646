package io.rollcall.agent.probe.security;

import io.rollcall.common.report.Tri;

/**
 * Decodes Windows Security Center's {@code productState} (AntiVirusProduct, FirewallProduct in ROOT\SecurityCenter2).
 * Microsoft documents the value only through the WSC_SECURITY_PRODUCT_STATE (on, off, snoozed, expired) and
 * WSC_SECURITY_SIGNATURE_STATUS enums of wscapi.h; the layout of the WMI number is the one inventory tools decode by
 * mask: bits 0xF000 the product state (0x0000 off, 0x1000 on, 0x2000 snoozed, 0x3000 expired), 0x0F00 the owner
 * (0x0100 Microsoft), 0x00F0 the signature status (0x00 up to date, 0x10 out of date), the top byte the provider
 * kinds (0x04 anti-virus, 0x02 auto-update, 0x01 firewall). For example 397568 = 0x061100: on, Microsoft, up to date;
 * 393472 = 0x060100: off; 270336 = 0x042000: snoozed. Testing 0x1000 alone would count an expired product (0x3000)
 * as on.
 */
final class SecurityCenterState {
    /** The product state nibble (WSC_SECURITY_PRODUCT_STATE, in the order the WMI value encodes it). */
    enum Product { OFF, ON, SNOOZED, EXPIRED, UNKNOWN }

    private SecurityCenterState() {
    }

    static Product product(long productState) {
        return switch ((int) (productState >> 12) & 0xf) {
            case 0x0 -> Product.OFF;
            case 0x1 -> Product.ON;
            case 0x2 -> Product.SNOOZED;
            case 0x3 -> Product.EXPIRED;
            default -> Product.UNKNOWN;
        };
    }

    /** On only when the product says on: snoozed and expired products protect nothing. */
    static Tri enabled(long productState) {
        Product p = product(productState);
        return p == Product.UNKNOWN ? Tri.UNKNOWN : Tri.of(p == Product.ON);
    }

    /** An expired product gets no signatures whatever its signature bits say. */
    static Tri upToDate(long productState) {
        if (product(productState) == Product.EXPIRED) {
            return Tri.NO;
        }
        int signatures = (int) productState & 0xf0;
        return signatures == 0x00 ? Tri.YES : signatures == 0x10 ? Tri.NO : Tri.UNKNOWN;
    }

    /** "expired (productState 0x043000)", for a technician reading the reasons. */
    static String describe(long productState) {
        return product(productState).name().toLowerCase(java.util.Locale.ROOT)
                + (((int) productState & 0xf0) == 0x10 ? ", signatures out of date" : "")
                + String.format(" (productState 0x%06x)", productState);
    }
}
