package io.rollcall.agent.probe.software;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.startsWith;

import io.rollcall.agent.os.windows.RegExportRegistry;
import io.rollcall.agent.os.windows.Registry;
import io.rollcall.agent.probe.Fixtures;
import io.rollcall.common.report.SoftwareItem;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;
import org.mockito.Mockito;

/**
 * Per-user installs of people who are not signed in: their NTUSER.DAT is loaded under HKU for the read and unloaded
 * after. The registry is the recorded export with RegLoadKey/RegUnLoadKey mocked at the Registry boundary: a loaded
 * hive answers from the export of that hive, an unloaded one answers nothing.
 */
class WindowsSoftwareUserHivesTest {
    private static final String SID = "S-1-5-21-3623811015-3361044348-30300820-";
    private static final String KID_HIVE = "Rollcall_" + SID + "1002";

    private final RegExportRegistry kidHive =
            RegExportRegistry.of(Fixtures.of("windows/software/ntuser-kid-uninstall.reg"));
    private final Set<String> mounted = ConcurrentHashMap.newKeySet();
    private Registry registry;

    @BeforeEach
    void boundary() {
        registry = Mockito.spy(RegExportRegistry.of(Fixtures.of("windows/software/machine-profiles.reg")));
        Mockito.doAnswer(i -> mounted.add(i.getArgument(0)))
                .when(registry).loadHive(KID_HIVE, "C:\\Users\\kid\\NTUSER.DAT");
        Mockito.doReturn(false).when(registry).loadHive(Mockito.eq("Rollcall_" + SID + "1003"), anyString());
        Mockito.doAnswer(i -> mounted.remove(i.<String>getArgument(0))).when(registry).unloadHive(anyString());
        Mockito.doAnswer(i -> mounted.contains(KID_HIVE) ? kidHive.subKeys(i.getArgument(0)) : List.of())
                .when(registry).subKeys(startsWith("HKU\\" + KID_HIVE));
        Mockito.doAnswer(i -> mounted.contains(KID_HIVE) ? kidHive.values(i.getArgument(0)) : Map.of())
                .when(registry).values(startsWith("HKU\\" + KID_HIVE));
    }

    private SoftwareProbe.Inventory read() {
        return new WindowsSoftwareProbe(registry).read();
    }

    private static Map<String, SoftwareItem> byName(SoftwareProbe.Inventory inv) {
        return inv.items().stream().collect(Collectors.toMap(SoftwareItem::name, Function.identity()));
    }

    @Test
    void perUserInstallsOfASignedOutPupilAreReadFromTheirLoadedHive() {
        Map<String, SoftwareItem> items = byName(read());
        assertEquals("0.640.0.6400700", items.get("Roblox Player for kid").version());
        assertEquals(Instant.parse("2024-09-02T00:00:00Z"), items.get("Discord").installedAt());
        assertEquals("C:\\Users\\kid\\AppData\\Local\\Google\\Chrome\\Application",
                items.get("Google Chrome").location());
    }

    @Test
    void theHiveIsLoadedBeforeTheReadAndUnloadedAfter() {
        read();
        InOrder order = Mockito.inOrder(registry);
        order.verify(registry).loadHive(KID_HIVE, "C:\\Users\\kid\\NTUSER.DAT");
        order.verify(registry).subKeys("HKU\\" + KID_HIVE + "\\" + WindowsSoftwareProbe.UNINSTALL);
        order.verify(registry).unloadHive(KID_HIVE);
        assertTrue(mounted.isEmpty(), "nothing left loaded: " + mounted);
        Mockito.verify(registry, Mockito.never()).unloadHive("Rollcall_" + SID + "1003");
    }

    @Test
    void theSignedInUsersHiveIsReadInPlaceAndNotLoadedAgain() {
        Map<String, SoftwareItem> items = byName(read());
        assertEquals("6.1.1 (43316)", items.get("Zoom Workplace").version());
        Mockito.verify(registry, Mockito.never()).loadHive(startsWith("Rollcall_" + SID + "1001"), anyString());
        assertEquals("23.01", items.get("7-Zip 23.01 (x64)").version());
    }

    @Test
    void theLiveProfileFolderIsLoadedNotTheBakOne() {
        read();
        Mockito.verify(registry, Mockito.never()).loadHive(anyString(), Mockito.eq("C:\\Users\\kid.old\\NTUSER.DAT"));
        Mockito.verify(registry, Mockito.never()).loadHive(startsWith("Rollcall_S-1-5-18"), anyString());
    }

    @Test
    void aHiveThatWillNotLoadIsAProblemAndTheRestIsStillRead() {
        SoftwareProbe.Inventory inv = read();
        assertEquals(5, inv.items().size(), inv.items().toString());
        assertEquals(1, inv.problems().size(), inv.problems().toString());
        assertTrue(inv.problems().get(0).startsWith("per-user software of 1 profile(s)"), inv.problems().get(0));
    }

    @Test
    void aHiveLeftLoadedByAKilledScanIsUnloadedBeforeLoadingAgain() {
        Mockito.doReturn(List.of(".DEFAULT", KID_HIVE, SID + "1001", SID + "1001_Classes"))
                .when(registry).subKeys("HKU");
        read();
        InOrder order = Mockito.inOrder(registry);
        order.verify(registry).unloadHive(KID_HIVE);
        order.verify(registry).loadHive(KID_HIVE, "C:\\Users\\kid\\NTUSER.DAT");
        order.verify(registry).unloadHive(KID_HIVE);
    }

    @Test
    void whenNoHiveCanBeLoadedThePupilsAppsAreMissingAndSaidToBe() {
        Mockito.doReturn(false).when(registry).loadHive(Mockito.eq(KID_HIVE), anyString());
        SoftwareProbe.Inventory inv = read();
        assertFalse(byName(inv).containsKey("Discord"));
        assertTrue(inv.problems().get(0).startsWith("per-user software of 2 profile(s)"), inv.problems().toString());
    }
}
