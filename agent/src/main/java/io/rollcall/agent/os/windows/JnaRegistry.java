package io.rollcall.agent.os.windows;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinReg;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link Registry} on the Win32 registry API through JNA, always in the 64-bit view (KEY_WOW64_64KEY) so that the
 * 32-bit view is read explicitly under WOW6432Node. Values are enumerated here rather than with
 * {@code Advapi32Util.registryGetValues}, which throws on the device-property types found under USBSTOR. Only loaded
 * on Windows.
 */
public final class JnaRegistry implements Registry {
    private static final int READ = WinNT.KEY_READ | WinNT.KEY_WOW64_64KEY;

    /** RegLoadKey and RegUnLoadKey, which jna-platform does not map. */
    interface HiveLoading extends StdCallLibrary {
        HiveLoading INSTANCE = Native.load("Advapi32", HiveLoading.class, W32APIOptions.DEFAULT_OPTIONS);

        int RegLoadKey(WinReg.HKEY hive, String subKey, String file);

        int RegUnLoadKey(WinReg.HKEY hive, String subKey);
    }

    /** Both privileges are needed to load or unload a hive; the agent's service account (SYSTEM) holds them. */
    @Override
    public boolean loadHive(String name, String hiveFile) {
        try (Advapi32Util.Privilege p = new Advapi32Util.Privilege(WinNT.SE_RESTORE_NAME, WinNT.SE_BACKUP_NAME)) {
            p.enable();
            return HiveLoading.INSTANCE.RegLoadKey(WinReg.HKEY_USERS, name, hiveFile) == WinError.ERROR_SUCCESS;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void unloadHive(String name) {
        try (Advapi32Util.Privilege p = new Advapi32Util.Privilege(WinNT.SE_RESTORE_NAME, WinNT.SE_BACKUP_NAME)) {
            p.enable();
            HiveLoading.INSTANCE.RegUnLoadKey(WinReg.HKEY_USERS, name);
        } catch (RuntimeException e) {
            // left loaded until reboot at worst; the next scan unloads a leftover before loading again
        }
    }

    @Override
    public List<String> subKeys(String key) {
        Split k = split(key);
        if (k == null) {
            return List.of();
        }
        try {
            List<String> out = new ArrayList<>(Arrays.asList(Advapi32Util.registryGetKeys(k.hive(), k.path(), READ)));
            out.sort(String.CASE_INSENSITIVE_ORDER);
            return out;
        } catch (RuntimeException e) {
            return List.of(); // missing or access denied: the same as absent for a probe
        }
    }

    @Override
    public Map<String, Object> values(String key) {
        Split k = split(key);
        Map<String, Object> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (k == null) {
            return out;
        }
        WinReg.HKEYByReference ref;
        try {
            ref = Advapi32Util.registryGetKey(k.hive(), k.path(), READ);
        } catch (RuntimeException e) {
            return out;
        }
        try {
            Advapi32Util.InfoKey info = Advapi32Util.registryQueryInfoKey(ref.getValue(), 0);
            int count = info.lpcValues.getValue();
            char[] name = new char[info.lpcMaxValueNameLen.getValue() + 1];
            int maxData = info.lpcMaxValueLen.getValue() + 2 * Native.WCHAR_SIZE;
            Memory data = new Memory(maxData);
            for (int i = 0; i < count; i++) {
                data.clear();
                IntByReference nameLen = new IntByReference(name.length);
                IntByReference dataLen = new IntByReference(maxData);
                IntByReference type = new IntByReference();
                int rc = Advapi32.INSTANCE.RegEnumValue(ref.getValue(), i, name, nameLen, null, type, data, dataLen);
                if (rc != WinError.ERROR_SUCCESS) {
                    continue;
                }
                out.put(new String(name, 0, nameLen.getValue()), decode(type.getValue(), data, dataLen.getValue()));
            }
        } catch (RuntimeException e) {
            // what was read so far is still the best answer
        } finally {
            Advapi32Util.registryCloseKey(ref.getValue());
        }
        return out;
    }

    private static Object decode(int type, Memory data, int length) {
        switch (type) {
            case WinNT.REG_SZ, WinNT.REG_EXPAND_SZ:
                return length == 0 ? "" : data.getWideString(0);
            case WinNT.REG_DWORD:
                return data.getInt(0);
            case WinNT.REG_QWORD:
                return data.getLong(0);
            case WinNT.REG_MULTI_SZ: {
                List<String> out = new ArrayList<>();
                long offset = 0;
                while (offset < length) {
                    String s = data.getWideString(offset);
                    if (s.isEmpty()) {
                        break;
                    }
                    out.add(s);
                    offset += (long) (s.length() + 1) * Native.WCHAR_SIZE;
                }
                return out;
            }
            default:
                return data.getByteArray(0, length);
        }
    }

    private record Split(WinReg.HKEY hive, String path) {
    }

    private static Split split(String key) {
        int slash = key.indexOf('\\');
        String hive = (slash < 0 ? key : key.substring(0, slash)).toUpperCase(Locale.ROOT);
        String path = slash < 0 ? "" : key.substring(slash + 1);
        return switch (hive) {
            case "HKLM", "HKEY_LOCAL_MACHINE" -> new Split(WinReg.HKEY_LOCAL_MACHINE, path);
            case "HKU", "HKEY_USERS" -> new Split(WinReg.HKEY_USERS, path);
            default -> null;
        };
    }
}
