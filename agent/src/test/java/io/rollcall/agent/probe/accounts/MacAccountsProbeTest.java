package io.rollcall.agent.probe.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.rollcall.agent.os.CommandResult;
import io.rollcall.agent.os.CommandRunner;
import io.rollcall.agent.probe.Fixtures;
import io.rollcall.agent.probe.ScanOptions;
import io.rollcall.common.report.Account;
import io.rollcall.common.report.Tri;
import io.rollcall.common.wire.Hashes;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MacAccountsProbeTest {
    private final CommandRunner commands = mock(CommandRunner.class);
    private final ScanOptions options = new ScanOptions("salt", Pattern.compile("^[a-z]+\\.[a-z]+$"));

    private void answer(List<String> cmd, CommandResult r) {
        when(commands.run(eq(cmd), any(Duration.class))).thenReturn(r);
    }

    private static CommandResult out(String fixture) {
        return new CommandResult(0, Fixtures.lines("../macos/" + fixture), null);
    }

    @BeforeEach
    void dscl() {
        String d = MacAccountsProbe.DSCL;
        answer(List.of(d, ".", "-list", "/Users", "UniqueID"), out("dscl-uniqueid.txt"));
        answer(List.of(d, ".", "-list", "/Users", "IsHidden"), out("dscl-ishidden.txt"));
        answer(List.of(d, ".", "-list", "/Users", "NFSHomeDirectory"), out("dscl-home.txt"));
        answer(List.of(d, ".", "-read", "/Groups/admin", "GroupMembership"), out("dscl-admin-group.txt"));
    }

    private AccountsProbe.Result read(CommandResult guest) {
        answer(List.of(MacAccountsProbe.DEFAULTS, "read", "/Library/Preferences/com.apple.loginwindow",
                "GuestEnabled"), guest);
        return new MacAccountsProbe(commands, options).read();
    }

    @Test
    void peopleAreUid500AndUpWithoutHiddenOrGuestAccounts() {
        AccountsProbe.Result r = read(new CommandResult(0, List.of("0"), null));
        assertEquals(2, r.section().users().size(), r.section().users().toString());
        assertEquals(List.of("/Users/jane.doe", "/Users/kid"), r.interactive().stream().map(LocalUser::home).toList());
    }

    @Test
    void adminDailyUserAndAPersonalAccount() {
        AccountsProbe.Result r = read(new CommandResult(0, List.of("0"), null));
        Account jane = r.section().users().get(0);
        assertEquals("jane.doe", jane.name());
        assertTrue(jane.admin());
        Account kid = r.section().users().get(1);
        assertEquals(Hashes.accountNameHash("salt", "kid"), kid.nameHash());
        assertFalse(kid.admin());
    }

    @Test
    void guestDisabledEnabledOrNeverSet() {
        assertEquals(Tri.NO, read(new CommandResult(0, List.of("0"), null)).section().guestEnabled());
        assertEquals(Tri.YES, read(new CommandResult(0, List.of("1"), null)).section().guestEnabled());
        assertEquals(Tri.NO, read(new CommandResult(1, List.of(), null)).section().guestEnabled(),
                "defaults exits 1 when the key does not exist");
    }
}
