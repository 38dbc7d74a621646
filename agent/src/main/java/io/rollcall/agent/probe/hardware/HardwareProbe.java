package io.rollcall.agent.probe.hardware;

import io.rollcall.common.report.HardwareInfo;

/** Identifies the machine. Always returns an identity: firmware's, the OS's, or a generated and persisted one. */
public interface HardwareProbe {
    HardwareInfo read();
}
