package io.rollcall.agent.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import io.rollcall.agent.probe.RecordingClassLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On Linux {@code service} is {@code run}: it must never load the SCM code, JNA's Windows bindings or DPAPI. Run in
 * a fresh class loader that records what it defines.
 */
class ServiceCommandLoadingTest {
    @TempDir
    Path state;

    @Test
    void onLinuxServiceRunsTheLoopWithoutLoadingWindowsClasses() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (RecordingClassLoader loader = RecordingClassLoader.overTestClassPath()) {
            Class<?> envClass = loader.loadClass("io.rollcall.agent.cli.Environment");
            Object env = envClass.getMethod("system").invoke(null);
            Class<?> main = loader.loadClass("io.rollcall.agent.cli.AgentMain");
            Object agent = main.getConstructor(envClass).newInstance(env);
            int code = (int) main.getMethod("run", String[].class, PrintStream.class, PrintStream.class).invoke(agent,
                    new String[] {"service", "--state", state.toString()}, new PrintStream(new ByteArrayOutputStream()),
                    new PrintStream(err, true, StandardCharsets.UTF_8));

            // the empty state directory is not enrolled: exactly what 'run' says, so 'service' went down run's path
            assertEquals(1, code);
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("service failed: this device is not enrolled"),
                    err.toString(StandardCharsets.UTF_8));
            assertTrue(loader.loaded("io.rollcall.agent.state.SecretProtector$PlainProtector"),
                    "the recording loader saw the state code, so the absences below mean something");
            for (String absent : new String[] {"io.rollcall.agent.service.ScmServiceHost",
                    "io.rollcall.agent.service.JnaScm", "io.rollcall.agent.state.DpapiProtector",
                    "com.sun.jna.platform.win32.Advapi32", "com.sun.jna.platform.win32.Winsvc",
                    "com.sun.jna.platform.win32.Crypt32Util", "com.sun.jna.platform.win32.Crypt32"}) {
                assertFalse(loader.loaded(absent), absent + " was loaded on Linux");
            }
        }
    }
}
