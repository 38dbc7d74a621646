package io.rollcall.agent.probe.security;

import io.rollcall.common.report.Tri;

/**
 * Decodes Windows Security Center's {@code productState} (AntiVirusProduct, FirewallProduct in ROOT\SecurityCenter2).
 * Microsoft documents it only through the WSC_SECURITY_PRODUCT_STATE and WSC_SECURITY_SIGNATURE_STATUS enums of the
 * Security Center API (wscapi.h); as the WMI value, bit 0x1000 of the middle byte is "on" (0x10 and 0x11 on, 0x00 and
 * 0x01 off or snoozed) and the low byte is the signature status (0x00 up to date, 0x10 out of date). For example
 * 397568 = 0x061100: on, up to date; 393472 = 0x060100: off; 397584 = 0x061110: on, out of date.
 */
final class SecurityCenterState {
    private SecurityCenterState() {
    }

    static Tri enabled(long productState) {
        return Tri.of((productState & 0x1000) != 0);
    }

    static Tri upToDate(long productState) {
        int signatures = (int) productState & 0xff;
        return signatures == 0x00 ? Tri.YES : signatures == 0x10 ? Tri.NO : Tri.UNKNOWN;
    }
}
