package io.rollcall.agent.probe.accounts;

import static io.rollcall.agent.os.mac.PlistFixtures.put;
import static io.rollcall.agent.os.mac.PlistFixtures.xml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.rollcall.agent.os.CommandResult;
import io.rollcall.agent.os.CommandRunner;
import io.rollcall.agent.os.FileSource;
import io.rollcall.agent.probe.Fixtures;
import io.rollcall.agent.probe.ScanOptions;
import io.rollcall.common.report.Account;
import io.rollcall.common.report.Tri;
import io.rollcall.common.wire.Hashes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dscl, dsmemberutil and defaults are mocked at the process boundary; managed preferences are real files. */
class MacAccountsProbeTest {
    private static final String D = MacAccountsProbe.DSCL;
    private static final String GUEST_FLAG = "/Library/Preferences/com.apple.loginwindow";
    private final CommandRunner commands = mock(CommandRunner.class);
    private final ScanOptions options = new ScanOptions("salt", Pattern.compile("^[a-z]+\\.[a-z]+$"));
    @TempDir
    Path root;

    private void answer(List<String> cmd, CommandResult r) {
        when(commands.run(eq(cmd), any(Duration.class))).thenReturn(r);
    }

    private static CommandResult out(String fixture) {
        return new CommandResult(0, Fixtures.lines("../macos/" + fixture), null);
    }

    private void member(String user, String fixture) {
        answer(List.of("/usr/bin/dsmemberutil", "checkmembership", "-U", user, "-G", "admin"), out(fixture));
    }

    @BeforeEach
    void dscl() {
        when(commands.run(any(), any(Duration.class))).thenReturn(CommandResult.failed("not run in this test"));
        answer(List.of(D, ".", "-list", "/Users", "UniqueID"), out("dscl-uniqueid.txt"));
        answer(List.of(D, ".", "-list", "/Users", "IsHidden"), out("dscl-ishidden.txt"));
        answer(List.of(D, ".", "-list", "/Users", "NFSHomeDirectory"), out("dscl-home.txt"));
        answer(List.of(D, ".", "-list", "/Users", "UserShell"), out("dscl-usershell.txt"));
        answer(List.of(D, ".", "-read", "/Groups/admin"), out("dscl-read-admin-nested.txt"));
        answer(List.of(D, ".", "-list", "/Groups", "GeneratedUID"), out("dscl-list-groups-guid.txt"));
        answer(List.of(D, ".", "-read", "/Groups/techs"), out("dscl-read-group-techs.txt"));
        answer(List.of(MacAccountsProbe.DEFAULTS, "read", GUEST_FLAG, "GuestEnabled"), new CommandResult(0, List.of("0"), null));
    }

    private AccountsProbe.Result read() {
        return new MacAccountsProbe(commands, FileSource.rootedAt(root), options).read();
    }

    private static Map<String, Account> byHash(AccountsProbe.Result r) {
        return r.section().users().stream().collect(Collectors.toMap(
                a -> a.name() != null ? a.name() : a.nameHash(), Function.identity()));
    }

    private static String h(String name) {
        return Hashes.accountNameHash("salt", name);
    }

    @Test
    void hiddenAccountsAreReportedAndFlaggedNotDropped() {
        AccountsProbe.Result r = read();
        Map<String, Account> users = byHash(r);
        assertEquals(4, users.size(), users.keySet().toString()); // jane.doe, kid, ladmin, sysop
        assertEquals(Boolean.FALSE, users.get("jane.doe").hidden());
        assertEquals(Boolean.TRUE, users.get(h("ladmin")).hidden(), "IsHidden 1");
        assertEquals(Boolean.TRUE, users.get(h("sysop")).hidden(), "UID 401 with a shell and a home");
        assertEquals(Boolean.FALSE, users.get(h("kid")).hidden());
        assertTrue(r.interactive().stream().anyMatch(u -> u.name().equals("sysop") && u.home().equals("/Users/sysop")),
                "a hidden account's screen lock is read too");
        assertTrue(r.interactive().stream().noneMatch(u -> List.of("root", "daemon", "nobody", "Guest", "_amavisd")
                .contains(u.name())));
    }

    @Test
    void theHiddenFlagTravelsOnTheWireAndIsLeftOutWhereUnknown() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = io.rollcall.common.wire.WireJson.mapper();
        Account sysop = byHash(read()).get(h("sysop"));
        String text = json.writeValueAsString(sysop);
        assertTrue(text.contains("\"hidden\":true"), text);
        assertEquals(sysop, json.readValue(text, Account.class));
        Account windows = new Account("a.b", null, sysop.kind(), false, false, Tri.YES, null, null, true, true);
        assertFalse(json.writeValueAsString(windows).contains("hidden"));
    }

    @Test
    void anAdminThroughAGroupNestedInAdminIsFoundByDsmemberutil() {
        member("jane.doe", "dsmemberutil-member.txt");
        member("kid", "dsmemberutil-not-member.txt");
        member("ladmin", "dsmemberutil-member.txt");
        member("sysop", "dsmemberutil-member.txt");
        Map<String, Account> users = byHash(read());
        assertTrue(users.get("jane.doe").admin());
        assertFalse(users.get(h("kid")).admin());
        assertTrue(users.get(h("sysop")).admin(), "admin through techs, nested in admin");
    }

    @Test
    void withoutDsmemberutilTheNestedGroupsAreWalkedInTheLocalDirectory() {
        AccountsProbe.Result r = read(); // dsmemberutil not answering: the BeforeEach default
        Map<String, Account> users = byHash(r);
        assertTrue(users.get("jane.doe").admin());
        assertTrue(users.get(h("ladmin")).admin());
        assertTrue(users.get(h("sysop")).admin(), "GroupMembership of techs, found by its GeneratedUID");
        assertFalse(users.get(h("kid")).admin());
        assertEquals(List.of(), r.problems());
    }

    @Test
    void aNestedGroupOutsideTheLocalDirectoryLeavesNonMembersUnknownWithTheReason() {
        answer(List.of(D, ".", "-list", "/Groups", "GeneratedUID"), new CommandResult(0,
                List.of("admin                    ABCDEFAB-CDEF-ABCD-EFAB-CDEF00000050"), null));
        AccountsProbe.Result r = read();
        assertFalse(byHash(r).get(h("kid")).admin());
        assertTrue(r.problems().contains("admin rights of an account are unknown"), r.problems().toString());
        assertTrue(r.problems().stream().anyMatch(p -> p.contains("6E1A3B2C-4D5E-4F60-8172-93A4B5C6D7E8")),
                r.problems().toString());
    }

    @Test
    void anMdmProfileDisablingGuestOverridesTheLoginWindowFlag() {
        answer(List.of(MacAccountsProbe.DEFAULTS, "read", GUEST_FLAG, "GuestEnabled"), new CommandResult(0, List.of("1"), null));
        assertEquals(Tri.YES, read().section().guestEnabled(), "without a profile the local flag decides");
        put(root, MacAccountsProbe.MCX, xml("mcx-guest-disabled.plist"));
        assertEquals(Tri.NO, read().section().guestEnabled());
    }

    @Test
    void anMdmProfileEnablingGuestOverridesALocalOff() {
        put(root, MacAccountsProbe.MCX, ("<plist version=\"1.0\"><dict><key>EnableGuestAccount</key><true/>"
                + "</dict></plist>").getBytes(StandardCharsets.UTF_8));
        assertEquals(Tri.YES, read().section().guestEnabled());
    }

    @Test
    void adminDailyUserAndAPersonalAccount() {
        member("jane.doe", "dsmemberutil-member.txt");
        member("kid", "dsmemberutil-not-member.txt");
        AccountsProbe.Result r = read();
        Account jane = r.section().users().get(0);
        assertEquals("jane.doe", jane.name());
        assertTrue(jane.admin());
        Account kid = r.section().users().get(1);
        assertEquals(h("kid"), kid.nameHash());
        assertFalse(kid.admin());
    }

    @Test
    void guestDisabledEnabledOrNeverSet() {
        assertEquals(Tri.NO, read().section().guestEnabled());
        answer(List.of(MacAccountsProbe.DEFAULTS, "read", GUEST_FLAG, "GuestEnabled"), new CommandResult(0, List.of("1"), null));
        assertEquals(Tri.YES, read().section().guestEnabled());
        answer(List.of(MacAccountsProbe.DEFAULTS, "read", GUEST_FLAG, "GuestEnabled"), new CommandResult(1, List.of(), null));
        assertEquals(Tri.NO, read().section().guestEnabled(), "defaults exits 1 when the key does not exist");
    }
}
