package io.rollcall.agent.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * On Linux, building and running the scanner must not load any Windows or macOS probe, nor JNA's Windows bindings:
 * the agent jar is one artefact for every system. Checked in a fresh class loader that records what it defines.
 */
class SystemScannerLoadingTest {

    /** Loads agent and library classes itself (child first) so that findLoadedClass tells what was touched. */
    static final class Recording extends URLClassLoader {
        Recording(URL[] urls) {
            super(urls, ClassLoader.getPlatformClassLoader());
        }

        boolean loaded(String name) {
            return findLoadedClass(name) != null;
        }
    }

    @Test
    void linuxScanLoadsNoWindowsOrMacClasses() throws Exception {
        URL[] cp = Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(p -> {
                    try {
                        return Path.of(p).toUri().toURL();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }).toArray(URL[]::new);
        try (Recording loader = new Recording(cp)) {
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
                    "com.sun.jna.platform.win32.COM.WbemcliUtil"}) {
                assertFalse(loader.loaded(absent), absent + " was loaded on Linux");
            }
        }
    }
}
