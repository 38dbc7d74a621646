package io.rollcall.agent.probe.screenlock;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.rollcall.agent.probe.WireContract;
import io.rollcall.common.report.ScreenLockSection;
import io.rollcall.common.report.ScreenLockSetting;
import io.rollcall.common.report.Sections;
import io.rollcall.common.report.Tri;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * Coverage-guided fuzzing of the INI-style key files the Linux screen-lock probe reads: a user's own
 * {@code ~/.config/kscreenlockerrc} and {@code dconf dump} of their own GNOME settings are the user's to write, and
 * the system files are the school's. The contract: {@link Keyfile#parse} never throws, and the setting the desktop
 * rules make of any file is one the collector accepts. (There is no XFCE reader in the agent; XFCE is not probed.)
 * Inputs: {@code src/test/resources/io/rollcall/agent/probe/screenlock/KeyfileFuzzTestInputs/<method>/}.
 */
class KeyfileFuzzTest {

    /** The user's kscreenlockerrc, under a system file that sets nothing and under one that locks every key. */
    @FuzzTest
    void kdeUserFile(byte[] file) {
        Keyfile user = Keyfile.parse(lines(file));
        assertNotNull(user);
        Keyfile kiosk = Keyfile.parse(List.of("[Daemon][$i]", "Autolock=true", "Timeout=10", "LockGrace=5"));
        check(KdeScreenLock.resolve("jane.doe", null, user, Tri.YES));
        check(KdeScreenLock.resolve("jane.doe", kiosk, user, Tri.YES));
        check(KdeScreenLock.resolve("jane.doe", user, null, Tri.NO)); // the same text as the system file
    }

    /** {@code dconf dump /org/gnome/desktop/} as the user's settings, and the same text as a system database. */
    @FuzzTest
    void gnomeDconfDump(byte[] dump) {
        Keyfile user = LinuxScreenLockProbe.dconfDump(lines(dump), "org/gnome/desktop/");
        assertNotNull(user);
        check(GnomeScreenLock.resolve("jane.doe", List.of(), Set.of(), user, null, Tri.YES));
        Keyfile system = Keyfile.parse(lines(dump));
        check(GnomeScreenLock.resolve("jane.doe", List.of(system), Set.of("org/gnome/desktop/session/"), user, null,
                Tri.YES));
    }

    private static List<String> lines(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8).lines().toList();
    }

    private static void check(ScreenLockSetting s) {
        assertNotNull(s);
        WireContract.assertAccepted(Sections.EMPTY.withScreenLock(new ScreenLockSection(List.of(s), s)));
    }
}
