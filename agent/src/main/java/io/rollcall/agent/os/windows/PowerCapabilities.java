package io.rollcall.agent.os.windows;

import io.rollcall.common.report.Tri;

/**
 * The kernel's power capabilities ({@code CallNtPowerInformation(SystemPowerCapabilities)}), reduced to what the
 * probes use. A seam so that tests give the answer of a real machine without Windows.
 */
public interface PowerCapabilities {

    /**
     * {@code SYSTEM_POWER_CAPABILITIES.AoAc}: whether this boot runs Modern Standby (S0 low power idle).
     *
     * @param modernStandby YES or NO as the kernel reports it; UNKNOWN when the call failed
     * @param failure       why the call failed, in words a technician can act on; {@code null} when it answered
     */
    record AoAc(Tri modernStandby, String failure) {
        public static AoAc failed(String failure) {
            return new AoAc(Tri.UNKNOWN, failure);
        }
    }

    AoAc aoAc();
}
