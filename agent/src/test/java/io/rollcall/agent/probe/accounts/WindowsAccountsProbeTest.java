package io.rollcall.agent.probe.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.agent.os.windows.CsvLocalAccounts;
import io.rollcall.agent.os.windows.LocalAccountsSource;
import io.rollcall.agent.os.windows.RegExportRegistry;
import io.rollcall.agent.probe.Fixtures;
import io.rollcall.agent.probe.ScanOptions;
import io.rollcall.common.report.Account;
import io.rollcall.common.report.AccountKind;
import io.rollcall.common.report.Tri;
import io.rollcall.common.wire.Hashes;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

class WindowsAccountsProbeTest {
    private static final ScanOptions OPTIONS = new ScanOptions("salt", Pattern.compile("^[a-z]+\\.[a-z]+$"));
    private final LocalAccountsSource local = new CsvLocalAccounts(Fixtures.of("windows/local-users.csv"),
            Fixtures.of("windows/administrators.csv"));
    private final AccountsProbe.Result result = new WindowsAccountsProbe(local,
            RegExportRegistry.of(Fixtures.of("windows/profiles.reg")), OPTIONS).read();

    private Account named(String name) {
        return result.section().users().stream().filter(a -> name.equals(a.name())).findFirst().orElseThrow();
    }

    @Test
    void disabledGuestIsReportedAsNotEnabledAndNotListed() {
        assertEquals(Tri.NO, result.section().guestEnabled());
        assertTrue(result.section().users().stream().noneMatch(a -> "Guest".equals(a.name())));
    }

    @Test
    void adminDailyUserIsAnAdministratorWithLastLogonFromItsProfile() {
        Account jane = named("jane.doe");
        assertTrue(jane.admin());
        assertTrue(jane.interactive());
        assertEquals(AccountKind.LOCAL, jane.kind());
        assertEquals(Instant.parse("2024-03-11T07:58:12Z"), jane.lastLoginAt());
        assertEquals(Tri.YES, jane.passwordSet());
    }

    @Test
    void personalAccountIsHashedAndMayHaveAnEmptyPassword() {
        String hash = Hashes.accountNameHash("salt", "Kid");
        Account kid = result.section().users().stream().filter(a -> hash.equals(a.nameHash())).findFirst()
                .orElseThrow();
        assertNull(kid.name());
        assertFalse(kid.admin());
        assertEquals(Tri.UNKNOWN, kid.passwordSet(), "password not required: it may be empty");
    }

    @Test
    void entraAndDomainProfilesAreAccountsOfTheirKind() {
        Account entra = named("j.smith");
        assertEquals(AccountKind.CLOUD, entra.kind());
        assertTrue(entra.admin(), "its SID is in Administrators");
        assertEquals(AccountKind.DOMAIN, named("m.jones").kind());
        assertNull(named("m.jones").lastLoginAt());
    }

    @Test
    void disabledBuiltInAccountsAreLeftOutAndInteractiveUsersCarryTheirProfile() {
        assertEquals(4, result.section().users().size(), result.section().users().toString());
        assertEquals(List.of("C:\\Users\\jane.doe", "C:\\Users\\Kid", "C:\\Users\\j.smith", "C:\\Users\\m.jones"),
                result.interactive().stream().map(LocalUser::home).toList());
    }

    @Test
    void unreadableAdministratorsGroupIsAProblemNotAFailure() {
        LocalAccountsSource broken = Mockito.mock(LocalAccountsSource.class);
        Mockito.when(broken.users()).thenReturn(local.users());
        Mockito.when(broken.administratorMembers()).thenThrow(new IllegalStateException("Access is denied."));
        AccountsProbe.Result r = new WindowsAccountsProbe(broken,
                RegExportRegistry.of(Fixtures.of("windows/profiles.reg")), OPTIONS).read();
        // the other problem: this mock resolves no SID, so the two directory accounts are named by their folder
        assertEquals(2, r.problems().size(), r.problems().toString());
        assertTrue(r.problems().get(0).contains("Access is denied."));
        assertFalse(r.section().users().stream().anyMatch(Account::admin));
    }
}
