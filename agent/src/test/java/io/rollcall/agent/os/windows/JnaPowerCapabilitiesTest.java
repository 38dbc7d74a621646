package io.rollcall.agent.os.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.sun.jna.platform.win32.WinNT;
import io.rollcall.common.report.Tri;
import org.junit.jupiter.api.Test;

/** The real JNA seam, on whatever machine runs the tests (powrprof.dll exists only on Windows). */
class JnaPowerCapabilitiesTest {

    @Test
    void theStructurePassedToTheKernelHasTheSizeWindowsDeclares() {
        // sizeof(SYSTEM_POWER_CAPABILITIES) in winnt.h: 24 BOOLEAN/BYTE fields, spare3[6], two BOOLEANs,
        // BatteryScale[3] of two ULONGs, five 4-byte wake fields = 76. A wrong size fails the call with
        // STATUS_BUFFER_TOO_SMALL or reads AoAc at the wrong offset.
        assertEquals(76, new WinNT.SYSTEM_POWER_CAPABILITIES().size());
    }

    @Test
    void anAnswerOrAFailureWithItsReasonNeverAnException() {
        PowerCapabilities.AoAc aoAc = new JnaPowerCapabilities().aoAc();
        if (aoAc.modernStandby() == Tri.UNKNOWN) {
            assertNotNull(aoAc.failure(), "an unanswered call must say why");
        } else {
            assertNull(aoAc.failure());
        }
    }
}
