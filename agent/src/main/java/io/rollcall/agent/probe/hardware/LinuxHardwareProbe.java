package io.rollcall.agent.probe.hardware;

import io.rollcall.agent.os.FileSource;
import io.rollcall.common.report.HardwareInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Hardware identity on Linux. The UUID comes from SMBIOS ({@link LinuxFirmwareReader}); when firmware has none or a placeholder
 * (virtual machines, containers, cheap boards) it falls back to /etc/machine-id, and when that is missing too to a
 * UUID generated once and kept in {@code stateDir/hardware-id}, so re-enrolment finds the same device.
 */
public final class LinuxHardwareProbe implements HardwareProbe {
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern MACHINE_ID = Pattern.compile("[0-9a-f]{32}");
    /** UUIDs that boards ship unset or with a well-known dummy; several machines would share them. */
    private static final Set<String> PLACEHOLDER_UUIDS = Set.of(
            "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff",
            "03000200-0400-0500-0006-000700080009", "00020003-0004-0005-0006-000700080009");
    /** Serial numbers and names firmware reports when the vendor left the field unset. */
    private static final Set<String> PLACEHOLDER_TEXT = Set.of(
            "", "none", "unknown", "n/a", "na", "default string", "to be filled by o.e.m.", "to be filled by oem",
            "system serial number", "system product name", "system manufacturer", "not specified", "not applicable",
            "0", "00000000", "0123456789", "123456789", "chassis serial number", "invalid", "oem", "o.e.m.");

    private final FileSource files;
    private final Supplier<FirmwareFacts> firmware;
    private final Path stateDir;

    /**
     * @param stateDir where a generated identity is kept; {@code null} when there is none (a generated identity is
     *                 then new on every scan, which the identity source makes visible)
     */
    public LinuxHardwareProbe(FileSource files, Supplier<FirmwareFacts> firmware, Path stateDir) {
        this.files = files;
        this.firmware = firmware;
        this.stateDir = stateDir;
    }

    @Override
    public HardwareInfo read() {
        FirmwareFacts f;
        try {
            f = firmware.get();
        } catch (RuntimeException | LinkageError e) {
            f = new FirmwareFacts(null, null, null, null, null, null);
        }
        String uuid = cleanUuid(f.uuid());
        String source = "smbios";
        if (uuid == null) {
            uuid = files.firstLine("/etc/machine-id").map(LinuxHardwareProbe::machineIdAsUuid).orElse(null);
            source = "machine-id";
        }
        if (uuid == null) {
            uuid = persistedOrGenerated();
            source = "generated";
        }
        return new HardwareInfo(uuid, source, cleanText(f.serial()), cleanText(f.manufacturer()),
                cleanText(f.model()), f.memoryBytes() != null && f.memoryBytes() > 0 ? f.memoryBytes() : null,
                cleanText(f.cpu()));
    }

    /** The UUID in lower case, or {@code null} when it is malformed or a known placeholder. */
    public static String cleanUuid(String raw) {
        if (raw == null || !UUID_TEXT.matcher(raw.trim()).matches()) {
            return null;
        }
        String uuid = raw.trim().toLowerCase(Locale.ROOT);
        return PLACEHOLDER_UUIDS.contains(uuid) ? null : uuid;
    }

    /** Firmware text with placeholders ("None", "To be filled by O.E.M.", "Default string", blank) as {@code null}. */
    public static String cleanText(String raw) {
        if (raw == null) {
            return null;
        }
        String text = raw.trim();
        return PLACEHOLDER_TEXT.contains(text.toLowerCase(Locale.ROOT)) ? null : text;
    }

    /** machine-id(5) is 32 lower-case hex digits; shown in UUID form so every identity source looks alike. */
    public static String machineIdAsUuid(String machineId) {
        String id = machineId.trim();
        // plain String work, not id.chars(): the first IntStream of a cold JVM costs milliseconds (BENCHMARKS.md, issue 13)
        if (!MACHINE_ID.matcher(id).matches() || id.replace("0", "").isEmpty()) {
            return null;
        }
        return id.substring(0, 8) + "-" + id.substring(8, 12) + "-" + id.substring(12, 16) + "-"
                + id.substring(16, 20) + "-" + id.substring(20);
    }

    private String persistedOrGenerated() {
        if (stateDir == null) {
            return UUID.randomUUID().toString();
        }
        Path file = stateDir.resolve("hardware-id");
        try {
            if (Files.exists(file)) {
                Optional<String> kept = Optional.ofNullable(cleanUuid(Files.readString(file, StandardCharsets.UTF_8)));
                if (kept.isPresent()) {
                    return kept.get();
                }
            }
            String fresh = UUID.randomUUID().toString();
            Files.createDirectories(stateDir);
            Path tmp = Files.writeString(stateDir.resolve("hardware-id.tmp"), fresh + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return fresh;
        } catch (IOException e) {
            // Still report an identity; the collector sees "generated" and a changing UUID points at the state dir.
            return UUID.randomUUID().toString();
        }
    }
}
