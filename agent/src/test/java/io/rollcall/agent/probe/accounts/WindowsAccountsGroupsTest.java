package io.rollcall.agent.probe.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.agent.os.windows.CsvLocalAccounts;
import io.rollcall.agent.os.windows.LocalAccountsSource;
import io.rollcall.agent.os.windows.RegExportRegistry;
import io.rollcall.agent.probe.Fixtures;
import io.rollcall.agent.probe.ScanOptions;
import io.rollcall.common.report.Account;
import io.rollcall.common.report.AccountKind;
import io.rollcall.common.wire.Hashes;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

/**
 * Admin rights through groups, names by SID and .bak profiles, with the account database's answers recorded and the
 * LookupAccountSid / session-token calls mocked at the LocalAccountsSource boundary.
 */
class WindowsAccountsGroupsTest {
    private static final ScanOptions OPTIONS = new ScanOptions("salt", Pattern.compile("^[a-z]+\\.[a-z]+$"));
    private static final String DOMAIN = "S-1-5-21-1004336348-1177238915-682003330-";
    private static final String ENTRA_USER = "S-1-12-1-1778064242-1251273316-772277320-2482684374";
    private static final String DEVICE_ADMIN_ROLE = "S-1-12-1-3411436512-1304437237-1720036508-3263218468";
    private static final String DOMAIN_USERS = DOMAIN + "513";
    private static final String TECHNICIANS = DOMAIN + "3107";

    private LocalAccountsSource local;

    private static LocalAccountsSource recorded(String administrators) {
        return Mockito.spy(new CsvLocalAccounts(Fixtures.of("windows/local-users.csv"),
                Fixtures.of("windows/accounts/" + administrators)));
    }

    @BeforeEach
    void boundary() {
        local = recorded("administrators-groups.csv");
        names(local);
    }

    private static void names(LocalAccountsSource source) {
        Mockito.doReturn(Optional.of("SCHOOL\\m.jones")).when(source).accountName(DOMAIN + "2201");
        Mockito.doReturn(Optional.of("SCHOOL\\p.brown")).when(source).accountName(DOMAIN + "2203");
        Mockito.doReturn(Optional.of("SCHOOL\\r.green")).when(source).accountName(DOMAIN + "2204");
        Mockito.doReturn(Optional.of("SCHOOL\\Domain Admins")).when(source).accountName(DOMAIN + "512");
        Mockito.doReturn(Optional.of("SCHOOL\\IT Technicians")).when(source).accountName(TECHNICIANS);
    }

    private AccountsProbe.Result scan(LocalAccountsSource source) {
        return new WindowsAccountsProbe(source, RegExportRegistry.of(
                Fixtures.of("windows/accounts/profiles-domain-entra.reg"),
                Fixtures.of("windows/accounts/identitystore-entra-glpi.reg")), OPTIONS).read();
    }

    private static Account named(AccountsProbe.Result r, String name) {
        String hash = Hashes.accountNameHash("salt", name);
        return r.section().users().stream().filter(a -> name.equals(a.name()) || hash.equals(a.nameHash()))
                .findFirst().orElseThrow(() -> new AssertionError(name + " not in " + r.section().users()));
    }

    @Test
    void technicianSignedInWithAnAdGroupOfAdministratorsInTheTokenIsAdmin() {
        Mockito.doReturn(Optional.of(List.of("S-1-1-0", DOMAIN_USERS, TECHNICIANS, "S-1-5-32-545")))
                .when(local).sessionGroupSids(DOMAIN + "2201");
        assertTrue(named(scan(local), "m.jones").admin());
    }

    @Test
    void signedInUserWithoutAnAdministratorsGroupInTheTokenIsNotAdmin() {
        Mockito.doReturn(Optional.of(List.of("S-1-1-0", DOMAIN_USERS, "S-1-5-32-545")))
                .when(local).sessionGroupSids(DOMAIN + "2201");
        AccountsProbe.Result r = scan(local);
        assertFalse(named(r, "m.jones").admin());
    }

    @Test
    void tokenHoldingBuiltinAdministratorsIsAdminWhateverTheNestedGroup() {
        Mockito.doReturn(Optional.of(List.of(DOMAIN_USERS, "S-1-5-32-544")))
                .when(local).sessionGroupSids(DOMAIN + "2204");
        assertTrue(named(scan(local), "r.green").admin());
    }

    @Test
    void entraUserWithTheDeviceAdministratorRoleInTheTokenIsAdmin() {
        Mockito.doReturn(Optional.of(List.of("S-1-1-0", DEVICE_ADMIN_ROLE)))
                .when(local).sessionGroupSids(ENTRA_USER);
        Account entra = named(scan(local), "JohnDoe");
        assertEquals(AccountKind.CLOUD, entra.kind());
        assertTrue(entra.admin());
    }

    @Test
    void accountsNotSignedInAreNotAdminAndTheUnresolvedGroupsAreNamed() {
        AccountsProbe.Result r = scan(local);
        assertFalse(named(r, "m.jones").admin());
        String problem = r.problems().stream().filter(p -> p.contains("cannot be checked")).findFirst()
                .orElseThrow(() -> new AssertionError(r.problems().toString()));
        assertTrue(problem.contains("SCHOOL\\Domain Admins, SCHOOL\\IT Technicians, S-1-12-1-"), problem);
        assertTrue(problem.contains("for 5 account(s)"), problem);
        assertFalse(named(r, "jane.doe").admin(), "a local account cannot be in a domain group");
    }

    @Test
    void authenticatedUsersInAdministratorsMakesEveryPersonAdmin() {
        LocalAccountsSource everyone = recorded("administrators-authenticated-users.csv");
        names(everyone);
        AccountsProbe.Result r = scan(everyone);
        assertTrue(named(r, "jane.doe").admin());
        assertTrue(named(r, "Kid").admin());
        assertTrue(named(r, "m.jones").admin());
        assertTrue(named(r, "JohnDoe").admin());
    }

    @Test
    void domainUsersInAdministratorsMakesEveryDomainAccountAdminButNotTheLocalOnes() {
        LocalAccountsSource domainUsers = recorded("administrators-domain-users.csv");
        names(domainUsers);
        AccountsProbe.Result r = scan(domainUsers);
        assertTrue(named(r, "m.jones").admin());
        assertTrue(named(r, "p.brown").admin());
        assertFalse(named(r, "Kid").admin());
    }

    @Test
    void domainAccountsAreNamedBySidNotByProfileFolder() {
        AccountsProbe.Result r = scan(local);
        assertEquals(AccountKind.DOMAIN, named(r, "m.jones").kind());
        assertEquals("p.brown", named(r, "p.brown").name(), "not p.brown.000");
        assertTrue(r.section().users().stream().noneMatch(a -> "m.jones.SCHOOL".equals(a.name())));
    }

    @Test
    void entraAccountOfflineIsNamedFromWindowsIdentityCache() {
        AccountsProbe.Result r = scan(local);
        assertEquals(Hashes.accountNameHash("salt", "JohnDoe"), named(r, "JohnDoe").nameHash());
    }

    @Test
    void unresolvableSidFallsBackToTheFolderAndSaysSo() {
        AccountsProbe.Result r = scan(local); // a.student: no lookup answer, no cached identity
        assertEquals(Hashes.accountNameHash("salt", "a.student.SCHOOL"), named(r, "a.student.SCHOOL").nameHash());
        assertTrue(r.problems().stream().anyMatch(p -> p.startsWith("1 account(s) named by their profile folder")),
                r.problems().toString());
    }

    @Test
    void liveProfileWinsOverItsBakAndABakAloneStillCounts() {
        AccountsProbe.Result r = scan(local);
        List<String> homes = r.interactive().stream().map(LocalUser::home).toList();
        assertTrue(homes.contains("C:\\Users\\p.brown.000"), homes.toString());
        assertFalse(homes.contains("C:\\Users\\p.brown"), homes.toString());
        assertTrue(homes.contains("C:\\Users\\r.green"), homes.toString());
        assertEquals(1, r.section().users().stream().filter(a -> "p.brown".equals(a.name())).count());
        assertTrue(named(r, "p.brown").lastLoginAt().isAfter(Instant.parse("2024-01-01T00:00:00Z")),
                "the live key's load time, not the year-old backup's");
    }
}
