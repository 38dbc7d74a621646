package io.rollcall.agent.os.windows;

import com.sun.jna.platform.win32.PowrProf;
import com.sun.jna.platform.win32.WinNT;
import io.rollcall.common.report.Tri;

/**
 * {@link PowerCapabilities} through JNA: {@code PowrProf.CallNtPowerInformation} with {@code SystemPowerCapabilities}
 * into jna-platform's {@link WinNT.SYSTEM_POWER_CAPABILITIES}. The call needs no privilege, so it answers the same
 * for the SYSTEM service as for a user. Only loaded on Windows.
 */
public final class JnaPowerCapabilities implements PowerCapabilities {

    @Override
    public AoAc aoAc() {
        try {
            WinNT.SYSTEM_POWER_CAPABILITIES caps = new WinNT.SYSTEM_POWER_CAPABILITIES();
            int status = PowrProf.INSTANCE.CallNtPowerInformation(
                    PowrProf.POWER_INFORMATION_LEVEL.SystemPowerCapabilities, null, 0, caps.getPointer(), caps.size());
            if (status != 0) {
                return AoAc.failed(String.format(
                        "CallNtPowerInformation(SystemPowerCapabilities) returned NTSTATUS 0x%08X", status));
            }
            caps.read();
            return new AoAc(Tri.of(caps.AoAc != 0), null);
        } catch (LinkageError | RuntimeException e) { // powrprof.dll or JNA's native part missing
            return AoAc.failed("CallNtPowerInformation(SystemPowerCapabilities) could not be called: "
                    + e.getClass().getSimpleName() + " " + e.getMessage());
        }
    }
}
