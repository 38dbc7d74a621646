package io.rollcall.agent.probe.screenlock;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.dd.plist.NSDictionary;
import io.rollcall.agent.os.CommandResult;
import io.rollcall.agent.os.mac.Plist;
import io.rollcall.agent.probe.WireContract;
import io.rollcall.common.report.ScreenLockSection;
import io.rollcall.common.report.ScreenLockSetting;
import io.rollcall.common.report.Sections;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Coverage-guided fuzzing of what the macOS screen-lock probe makes of a user's own ByHost
 * {@code com.apple.screensaver} plist (theirs to write, in any plist format) and of {@code sysadminctl -screenLock
 * status} output. The contract: {@link MacScreenLockProbe#resolve} and {@link MacScreenLockProbe#parseStatus} never
 * throw, and the setting is one the collector accepts. Inputs:
 * {@code src/test/resources/io/rollcall/agent/probe/screenlock/MacScreenLockFuzzTestInputs/<method>/}.
 */
class MacScreenLockFuzzTest {
    private static final CommandResult DELAY_5 = new CommandResult(0,
            List.of("2024-03-04 09:12:31.505 sysadminctl[2417:40117] screenLock delay is 5 seconds"), null);

    /** pmset not read: the screen saver and sysadminctl alone decide, as they did before display sleep was read. */
    private static final MacScreenLockProbe.PowerTimer NO_PMSET = MacScreenLockProbe.PowerTimer.of(null);

    @FuzzTest
    void byHostPlist(byte[] plist) {
        NSDictionary byHost;
        try {
            byHost = Plist.dict(plist);
        } catch (IllegalArgumentException e) {
            byHost = null; // what Plist.read makes of a file that is not a plist
        }
        check(MacScreenLockProbe.resolve("jane.doe", null, null, byHost, DELAY_5, NO_PMSET));
        check(MacScreenLockProbe.resolve("jane.doe", byHost, null, null, DELAY_5, NO_PMSET)); // the same keys from a profile
    }

    @FuzzTest
    void sysadminctlStatus(byte[] output) {
        List<String> lines = new String(output, StandardCharsets.UTF_8).lines().toList();
        MacScreenLockProbe.parseStatus(lines);
        check(MacScreenLockProbe.resolve("jane.doe", null, null, null, new CommandResult(0, lines, null), NO_PMSET));
    }

    private static void check(ScreenLockSetting s) {
        assertNotNull(s);
        WireContract.assertAccepted(Sections.EMPTY.withScreenLock(new ScreenLockSection(List.of(s), s)));
    }
}
