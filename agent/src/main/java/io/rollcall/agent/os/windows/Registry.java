package io.rollcall.agent.os.windows;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Read-only access to the Windows registry, so Windows probes can run against a {@code reg export} fixture. Keys are
 * written as {@code reg.exe} writes them, hive first: {@code HKLM\SOFTWARE\…} or {@code HKU\S-1-5-21-…\…}; names
 * compare case-insensitively, as on Windows. Reads never throw: a missing or unreadable key is empty.
 *
 * <p>Value types: REG_SZ and REG_EXPAND_SZ as {@link String}, REG_DWORD as {@link Integer}, REG_QWORD as
 * {@link Long}, REG_MULTI_SZ as {@code List<String>}, everything else (REG_BINARY, device property types) as
 * {@code byte[]}. The default value is named "".
 */
public interface Registry {

    /** The names of the key's subkeys, sorted case-insensitively; empty when the key is missing. */
    List<String> subKeys(String key);

    /** The key's values by name (case-insensitive); empty when the key is missing. */
    Map<String, Object> values(String key);

    /**
     * Loads a hive file (a profile's NTUSER.DAT) under {@code HKU\<name>} for reading, as RegLoadKey does; false when
     * it cannot be loaded (the file is in use by a signed-in user, missing, or the process lacks
     * SeRestorePrivilege/SeBackupPrivilege). A registry that cannot load hives, such as a recording, says false.
     */
    default boolean loadHive(String name, String hiveFile) {
        return false;
    }

    /** Unloads a hive {@link #loadHive} loaded (RegUnLoadKey); best effort, never throws. */
    default void unloadHive(String name) {
    }

    default Optional<String> string(String key, String name) {
        Object v = values(key).get(name);
        return v instanceof String s ? Optional.of(s) : Optional.empty();
    }

    /** A DWORD, or a string holding a decimal number (settings such as ScreenSaveTimeOut are REG_SZ). */
    default Optional<Long> number(String key, String name) {
        return number(values(key).get(name));
    }

    static Optional<Long> number(Object v) {
        if (v instanceof Number n) {
            return Optional.of(n.longValue() & (v instanceof Integer ? 0xffffffffL : -1L));
        }
        if (v instanceof String s) {
            try {
                return Optional.of(Long.parseLong(s.trim()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** A Windows FILETIME (100 ns ticks since 1601-01-01 UTC) as an instant; empty for 0 or negative. */
    static Optional<Instant> filetime(long ticks) {
        if (ticks <= 0) {
            return Optional.empty();
        }
        long unix100ns = ticks - 116_444_736_000_000_000L;
        return Optional.of(Instant.ofEpochSecond(Math.floorDiv(unix100ns, 10_000_000L),
                Math.floorMod(unix100ns, 10_000_000L) * 100));
    }

    /** A little-endian FILETIME in the first 8 bytes of a binary value. */
    static Optional<Instant> filetime(Object value) {
        if (!(value instanceof byte[] b) || b.length < 8) {
            return Optional.empty();
        }
        long ticks = 0;
        for (int i = 7; i >= 0; i--) {
            ticks = (ticks << 8) | (b[i] & 0xff);
        }
        return filetime(ticks);
    }
}
