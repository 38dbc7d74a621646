package io.rollcall.common.report;

/**
 * The machine's identity and shape.
 *
 * @param hardwareUuid   SMBIOS system UUID, or a stable fallback when firmware gives none
 * @param identitySource where {@code hardwareUuid} came from: {@code smbios}, {@code machine-id} or {@code generated}
 * @param serialNumber   the manufacturer's serial number; {@code null} when firmware reports none
 * @param manufacturer   e.g. "LENOVO"
 * @param model          e.g. "20XW004GUK"
 * @param memoryBytes    installed physical memory in bytes
 * @param cpu            processor model name
 */
public record HardwareInfo(String hardwareUuid, String identitySource, String serialNumber, String manufacturer,
                           String model, Long memoryBytes, String cpu) {
}
