package io.rollcall.agent.probe.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.agent.os.CommandResult;
import io.rollcall.agent.os.CommandRunner;
import io.rollcall.agent.os.FileSource;
import io.rollcall.agent.probe.Fixtures;
import io.rollcall.agent.probe.ScanOptions;
import io.rollcall.common.report.Account;
import io.rollcall.common.report.Tri;
import io.rollcall.common.wire.Hashes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinuxAccountsProbeTest {
    private static final String SALT = "salt-1";
    private static final Clock NOW = Clock.fixed(Instant.parse("2025-06-01T12:00:00Z"), ZoneOffset.UTC);
    private static final CommandRunner LAST = (cmd, env, t) -> new CommandResult(0, List.of(
            "jane.smith pts/0        10.0.0.5         Mon May 26 09:00   still logged in",
            "jane.smith tty2         tty2             Fri May 23 08:55 - 15:30  (06:35)",
            "gamer    tty2         tty2             Sat May 24 20:00 - 23:00  (03:00)",
            "reboot   system boot  6.1.0-18-amd64   Fri May 23 08:50   still running",
            "",
            "wtmp begins Thu May  1 07:00:00 2025"), null);

    @TempDir
    Path root;

    @BeforeEach
    void tree() throws Exception {
        Fixtures.copyTree("accounts", root);
        Fixtures.write(root, "/usr/bin/last", "");
        Fixtures.write(root, "/var/log/wtmp", "");
        // lastlog: one 292-byte record per uid; jane.smith (1000) last logged in at 2025-05-26T09:00:00Z.
        ByteBuffer lastlog = ByteBuffer.allocate(1001 * 292).order(ByteOrder.LITTLE_ENDIAN);
        lastlog.putInt(1000 * 292, (int) Instant.parse("2025-05-26T09:00:00Z").getEpochSecond());
        Files.write(root.resolve("var/log/lastlog"), lastlog.array());
    }

    private AccountsProbe.Result read(Pattern school) {
        return new LinuxAccountsProbe(FileSource.rootedAt(root), LAST, NOW, new ScanOptions(SALT, school)).read();
    }

    private Account account(AccountsProbe.Result r, String name) {
        String hash = Hashes.accountNameHash(SALT, name);
        return r.section().users().stream().filter(a -> name.equals(a.name()) || hash.equals(a.nameHash()))
                .findFirst().orElseThrow(() -> new AssertionError(name + " not reported"));
    }

    @Test
    void lockedShadowPasswordMarksAccountDisabledButKeepsThePassword() {
        Account kiosk = account(read(null), "kiosk");
        assertTrue(kiosk.disabled());
        assertEquals(Tri.YES, kiosk.passwordSet());
    }

    @Test
    void emptyShadowPasswordIsReportedAsNoPassword() {
        Account gamer = account(read(null), "gamer");
        assertEquals(Tri.NO, gamer.passwordSet());
        assertFalse(gamer.disabled());
    }

    @Test
    void expiredAccountIsDisabled() {
        assertTrue(account(read(null), "leaver").disabled());
    }

    @Test
    void sudoGroupMemberIsAdminAndOthersAreNot() {
        AccountsProbe.Result r = read(null);
        assertTrue(account(r, "jane.smith").admin());
        assertFalse(account(r, "gamer").admin());
        assertFalse(account(r, "kiosk").admin(), "an empty admin group makes nobody admin");
    }

    @Test
    void personalAccountsCarryOnlyASaltedHash() {
        Account gamer = account(read(Pattern.compile("^[a-z]+\\.[a-z]+$")), "gamer");
        assertNull(gamer.name());
        assertEquals(Hashes.accountNameHash(SALT, "gamer"), gamer.nameHash());
        assertFalse(gamer.isSchoolAccount());
    }

    @Test
    void accountsMatchingTheSchoolPatternCarryTheirName() {
        Account jane = account(read(Pattern.compile("^[a-z]+\\.[a-z]+$")), "jane.smith");
        assertEquals("jane.smith", jane.name());
        assertNull(jane.nameHash());
        assertTrue(jane.isSchoolAccount());
    }

    @Test
    void rootServiceAccountsAndNobodyAreNotInteractive() {
        AccountsProbe.Result r = read(null);
        assertFalse(account(r, "root").interactive());
        assertEquals(List.of("jane.smith", "gamer", "kiosk", "leaver", "guest"),
                r.interactive().stream().map(LocalUser::name).toList());
        // service accounts without a password (daemon, postgres, svc, nobody) are left out entirely
        assertEquals(6, r.section().users().size());
    }

    @Test
    void lastLoginComesFromLastlogAndCountFromWtmp() {
        AccountsProbe.Result r = read(null);
        assertEquals(Instant.parse("2025-05-26T09:00:00Z"), account(r, "jane.smith").lastLoginAt());
        assertEquals(2, account(r, "jane.smith").loginCount());
        assertEquals(1, account(r, "gamer").loginCount());
        assertNull(account(r, "kiosk").lastLoginAt());
    }

    @Test
    void lockedGuestAccountAndLightdmWithoutGuestMeanNoGuest() {
        assertEquals(Tri.NO, read(null).section().guestEnabled());
    }

    @Test
    void lightdmAllowGuestEnablesGuest() {
        Fixtures.write(root, "/usr/sbin/lightdm", "");
        Fixtures.write(root, "/etc/lightdm/lightdm.conf.d/50-guest.conf", "[Seat:*]\nallow-guest=true\n");
        Fixtures.write(root, "/etc/lightdm/lightdm.conf", "[Seat:*]\n");
        assertEquals(Tri.YES, read(null).section().guestEnabled());
    }

    @Test
    void unreadableShadowGivesUnknownPasswordsAndSaysWhy() throws Exception {
        Files.delete(root.resolve("etc/shadow"));
        AccountsProbe.Result r = read(null);
        assertEquals(Tri.UNKNOWN, account(r, "jane.smith").passwordSet());
        assertTrue(r.problems().get(0).contains("/etc/shadow"), r.problems().toString());
    }
}
