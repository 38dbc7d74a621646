package io.rollcall.agent.probe.screenlock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.rollcall.agent.os.CommandResult;
import io.rollcall.agent.os.CommandRunner;
import io.rollcall.agent.os.windows.PowerCapabilities;
import io.rollcall.agent.os.windows.RegExportRegistry;
import io.rollcall.agent.probe.Fixtures;
import io.rollcall.agent.probe.screenlock.WindowsStandby.Standby;
import io.rollcall.common.report.Tri;
import io.rollcall.common.wire.Limits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Modern Standby detection: the kernel's AoAc first, then {@code powercfg /a} (real captures), then the registry.
 */
class WindowsStandbyTest {
    private static final String POWERCFG = "C:\\Windows\\System32\\powercfg.exe";
    private static final RegExportRegistry NO_VALUES = RegExportRegistry.of(Fixtures.of("windows/profiles.reg"));
    private static final RegExportRegistry CS_ENABLED =
            RegExportRegistry.of(Fixtures.of("windows/screenlock/modern-standby.reg"));

    @Test
    void windows11LaptopListsS0AmongTheAvailableStates() {
        assertEquals(Tri.YES, WindowsStandby.parsePowercfg(WindowsSeams.output("powercfg-a-s0-windows11.txt")));
    }

    @Test
    void s0WithNetworkDisconnectedAndHibernateAvailableIsStillModernStandby() {
        assertEquals(Tri.YES,
                WindowsStandby.parsePowercfg(WindowsSeams.output("powercfg-a-s0-disconnected-hibernate.txt")));
    }

    @Test
    void s3DesktopListsS0AsNotAvailable() {
        assertEquals(Tri.NO, WindowsStandby.parsePowercfg(WindowsSeams.output("powercfg-a-s3-desktop.txt")));
    }

    @Test
    void reasonLinesThatNameS0AreNotStates() {
        // Real Windows 11 output with its available block taken away: only reasons under NOT-available states
        // mention S0 ("disabled when S0 low power idle is supported"), and those must not count.
        List<String> notAvailableOnly = notAvailableOnly();
        assertEquals("The following sleep states are not available on this system:", notAvailableOnly.get(0));
        assertEquals(Tri.UNKNOWN, WindowsStandby.parsePowercfg(notAvailableOnly));
    }

    /** The real Windows 11 capture without its available list and the blank line after it. */
    private static List<String> notAvailableOnly() {
        List<String> lines = new ArrayList<>(WindowsSeams.output("powercfg-a-s0-windows11.txt"));
        lines.subList(0, 3).clear();
        return lines;
    }

    @Test
    void chineseWindowsIsReadByShapeAndS0DisabledOnlyForConnectedStandbyIsStillModernStandby() {
        // Translated headings; S0 "network disconnected" available, S0 "network connected" disabled by policy.
        assertEquals(Tri.YES, WindowsStandby.parsePowercfg(WindowsSeams.output("powercfg-a-s0-zh-cn.txt")));
    }

    @Test
    void rawConsoleFormsParseAlike() {
        // Web pages show reasons indented by spaces; raw powercfg output indents them by a tab. Interleaved NULs
        // are UTF-16 read as bytes. Neither may change the answer; the not-available list alone (reasons naming
        // S0) shows that a tab is deeper than the four spaces before a state.
        Map<String, Tri> expected = Map.of("powercfg-a-s0-windows11.txt", Tri.YES, "powercfg-a-s3-desktop.txt", Tri.NO,
                "powercfg-a-s0-zh-cn.txt", Tri.YES, "not-available-only", Tri.UNKNOWN);
        for (Map.Entry<String, Tri> e : expected.entrySet()) {
            List<String> lines = e.getKey().equals("not-available-only")
                    ? notAvailableOnly()
                    : WindowsSeams.output(e.getKey());
            List<String> tabs = lines.stream().map(l -> l.replaceFirst("^ {8}", "\t")).toList();
            List<String> utf16 = lines.stream().map(l -> String.join("\u0000", l.split(""))).toList();
            assertEquals(e.getValue(), WindowsStandby.parsePowercfg(lines), e.getKey());
            assertEquals(e.getValue(), WindowsStandby.parsePowercfg(tabs), e.getKey() + " with tabs");
            assertEquals(e.getValue(), WindowsStandby.parsePowercfg(utf16), e.getKey() + " as UTF-16");
        }
    }

    @Test
    void outputWithoutAnyListIsUnknown() {
        assertEquals(Tri.UNKNOWN, WindowsStandby.parsePowercfg(List.of()));
        assertEquals(Tri.UNKNOWN, WindowsStandby.parsePowercfg(List.of("Invalid Parameters -- try \"/?\" for help")));
    }

    @Test
    void theKernelAnswersFirstAndPowercfgIsNotRun() {
        CommandRunner commands = WindowsSeams.powercfg("powercfg-a-s3-desktop.txt");
        Standby s = WindowsStandby.detect(WindowsSeams.kernel(Tri.YES), commands, POWERCFG, NO_VALUES);
        assertEquals(Tri.YES, s.modernStandby());
        assertEquals("SYSTEM_POWER_CAPABILITIES.AoAc", s.source());
        verify(commands, never()).run(anyList(), any(Duration.class));
    }

    @Test
    void theKernelOverridesAStaleCsEnabled() {
        Standby s = WindowsStandby.detect(WindowsSeams.kernel(Tri.NO), WindowsSeams.noPowercfg(), POWERCFG,
                CS_ENABLED);
        assertEquals(Tri.NO, s.modernStandby());
    }

    @Test
    void whenTheKernelCallFailsPowercfgRunsByAbsolutePathWithATimeout() {
        CommandRunner commands = WindowsSeams.powercfg("powercfg-a-s0-windows11.txt");
        Standby s = WindowsStandby.detect(WindowsSeams.kernelFails(), commands, POWERCFG, NO_VALUES);
        assertEquals(Tri.YES, s.modernStandby());
        assertEquals("powercfg.exe /a", s.source());
        verify(commands).run(List.of(POWERCFG, "/a"), WindowsStandby.POWERCFG_TIMEOUT);
    }

    @Test
    void registryValuesAnswerOnlyWhenKernelAndPowercfgCannot() {
        Standby s = WindowsStandby.detect(WindowsSeams.kernelFails(), WindowsSeams.noPowercfg(), POWERCFG,
                CS_ENABLED);
        assertEquals(Tri.YES, s.modernStandby());
        assertTrue(s.source().contains("CsEnabled"), s.source());
        assertNull(s.reason());
    }

    @Test
    void noSourceAnsweringIsUnknownWithEachSourcesFailure() {
        CommandRunner unreadable = WindowsSeams.runner(new CommandResult(0, List.of("garbage"), null));
        Standby s = WindowsStandby.detect(WindowsSeams.kernelFails(), unreadable, POWERCFG, NO_VALUES);
        assertEquals(Tri.UNKNOWN, s.modernStandby());
        assertNull(s.source());
        assertTrue(s.reason().contains(WindowsSeams.KERNEL_FAILURE), s.reason());
        assertTrue(s.reason().contains("powercfg.exe /a printed no list of sleep states"), s.reason());
        assertTrue(s.reason().contains("neither CsEnabled nor PlatformAoAcOverride"), s.reason());
    }

    @Test
    void aLongFailureIsCutSoTheReasonStaysWithinTheReportsTextLimit() {
        String linkerNoise = "Unable to load library 'PowrProf': " + "C:\\a\\search\\path;".repeat(400) + "\nmore";
        Standby s = WindowsStandby.detect(() -> PowerCapabilities.AoAc.failed(linkerNoise),
                WindowsSeams.runner(CommandResult.failed(linkerNoise)), POWERCFG, NO_VALUES);
        assertTrue(s.reason().length() <= Limits.MAX_TEXT, "reason of " + s.reason().length() + " characters");
        assertTrue(s.reason().contains("Unable to load library 'PowrProf'"), s.reason());
    }

    @Test
    void powercfgIsFoundUnderSystemRootAndNeverThroughARelativePath() {
        assertEquals("D:\\WINDOWS\\System32\\powercfg.exe", WindowsStandby.powercfg("D:\\WINDOWS\\"));
        assertEquals(POWERCFG, WindowsStandby.powercfg(null));
        assertEquals(POWERCFG, WindowsStandby.powercfg("Windows"));
    }
}
