package io.rollcall.collector.findings;

import io.rollcall.common.report.Account;
import io.rollcall.common.report.AccountKind;
import io.rollcall.common.report.AccountsSection;
import io.rollcall.common.report.MediaDevice;
import io.rollcall.common.report.MediaKind;
import io.rollcall.common.report.OsInfo;
import io.rollcall.common.report.ScreenLockSection;
import io.rollcall.common.report.ScreenLockSetting;
import io.rollcall.common.report.Sections;
import io.rollcall.common.report.SettingSource;
import io.rollcall.common.report.Tri;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Builders for the device facts the rule tests judge. */
final class Fixtures {
    static final Instant NOW = Instant.parse("2025-03-10T12:00:00Z");
    static final UUID DEVICE = UUID.fromString("00000000-0000-0000-0000-00000000d001");
    static final RuleEngine ENGINE = RuleEngine.defaults();

    private Fixtures() {
    }

    static DeviceFacts facts(Sections s) {
        return new DeviceFacts(DEVICE, s, NOW.minus(Duration.ofHours(1)), List.of(), false);
    }

    static List<Verdict> verdicts(Sections s, Policy policy, String rule) {
        return verdicts(facts(s), policy, rule);
    }

    static List<Verdict> verdicts(DeviceFacts f, Policy policy, String rule) {
        return ENGINE.evaluate(f, policy, NOW).stream().filter(v -> v.rule().equals(rule)).toList();
    }

    static List<Verdict> verdicts(Sections s, String rule) {
        return verdicts(s, Policy.defaults(), rule);
    }

    static OsInfo os(String family) {
        return new OsInfo(family, family, "1", "1", "x86_64", "host");
    }

    static ScreenLockSetting lock(String account, Tri enabled, Integer idle, Tri password, Integer grace) {
        return new ScreenLockSetting(account, enabled, idle, password, grace, SettingSource.USER, null);
    }

    /** A well-configured lock: on, 300 s, password, no grace. */
    static ScreenLockSetting goodLock(String account) {
        return lock(account, Tri.YES, 300, Tri.YES, 0);
    }

    static Sections screenLock(ScreenLockSetting... perAccount) {
        return Sections.EMPTY.withOs(os("linux")).withScreenLock(new ScreenLockSection(List.of(perAccount), null));
    }

    static Account account(String name, boolean admin, Tri passwordSet, Integer loginCount, Instant lastLogin) {
        return new Account(name, null, AccountKind.LOCAL, admin, false, passwordSet, lastLogin, loginCount, true,
                false);
    }

    static Sections accounts(Tri guest, Account... users) {
        return Sections.EMPTY.withAccounts(new AccountsSection(List.of(users), guest));
    }

    static MediaDevice stick(String serial) {
        return new MediaDevice(MediaKind.USB_STORAGE, "0781", "5581", "SanDisk", "Ultra", serial, 32_000_000_000L,
                "vfat", Tri.NO);
    }
}
