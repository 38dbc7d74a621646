package io.rollcall.agent.probe.hardware;

/**
 * What firmware and the kernel say about the machine, raw: values may be placeholders such as
 * "To be filled by O.E.M." or "unknown", which {@link LinuxHardwareProbe} cleans.
 */
public record FirmwareFacts(String uuid, String serial, String manufacturer, String model, Long memoryBytes,
                            String cpu) {
}
