package io.rollcall.agent.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.net.URL;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * On Linux, building and running the scanner must not load any Windows or macOS probe, nor JNA or OSHI:
 * the agent jar is one artefact for every system. Checked in a fresh class loader that records what it defines.
 */
class SystemScannerLoadingTest {

    @Test
    void linuxScanLoadsNoWindowsOrMacClasses() throws Exception {
        try (RecordingClassLoader loader = RecordingClassLoader.overTestClassPath()) {
            Class<?> options = loader.loadClass("io.rollcall.agent.probe.ScanOptions");
            Object opts = options.getConstructors()[0].newInstance("salt", null);
            Class<?> system = loader.loadClass("io.rollcall.agent.probe.SystemScanner");
            Method create = system.getMethod("create", options);
            Object scanner = create.invoke(null, opts);
            Object result = loader.loadClass("io.rollcall.agent.probe.Scanner").getMethod("scan").invoke(scanner);
            system.getMethod("mediaProbe").invoke(null);

            assertEquals("io.rollcall.agent.probe.ScanResult", result.getClass().getName());
            assertTrue(loader.loaded("io.rollcall.agent.probe.LinuxProbes"));
            assertTrue(loader.loaded("io.rollcall.agent.probe.security.LinuxSecurityProbe"));
            for (String absent : new String[] {"io.rollcall.agent.probe.WindowsProbes",
                    "io.rollcall.agent.probe.MacProbes", "io.rollcall.agent.os.windows.JnaRegistry",
                    "io.rollcall.agent.os.windows.JnaWmi", "io.rollcall.agent.os.windows.JnaLocalAccounts",
                    "io.rollcall.agent.probe.software.WindowsSoftwareProbe",
                    "io.rollcall.agent.probe.screenlock.WindowsScreenLockProbe",
                    "io.rollcall.agent.probe.security.WindowsSecurityProbe",
                    "com.sun.jna.platform.win32.Advapi32Util", "com.sun.jna.platform.win32.Netapi32",
                    "com.sun.jna.platform.win32.COM.WbemcliUtil",
                    // issue 13: the Linux probes read /sys and /proc themselves; OSHI and JNA's native start-up cost
                    // a cold scan more than every other probe together
                    "oshi.SystemInfo", "com.sun.jna.Native"}) {
                assertFalse(loader.loaded(absent), absent + " was loaded on Linux");
            }
        }
    }
}
