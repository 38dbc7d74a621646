package io.rollcall.agent.probe.software;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.agent.os.windows.RegExportRegistry;
import io.rollcall.agent.probe.Fixtures;
import io.rollcall.common.report.SoftwareItem;
import io.rollcall.common.report.SoftwareSource;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class WindowsSoftwareProbeTest {
    private final SoftwareProbe.Inventory inventory =
            new WindowsSoftwareProbe(RegExportRegistry.of(Fixtures.of("windows/software.reg"))).read();
    private final Map<String, SoftwareItem> byName = inventory.items().stream()
            .collect(Collectors.toMap(SoftwareItem::name, Function.identity()));

    @Test
    void readsBothRegistryViewsAndTheLoggedOnUsersHive() {
        assertEquals("128.0", byName.get("Mozilla Firefox (x64 en-GB)").version());
        SoftwareItem zip = byName.get("7-Zip 23.01 (x64 edition)");
        assertEquals(Instant.parse("2024-01-15T00:00:00Z"), zip.installedAt());
        assertEquals("Igor Pavlov", zip.publisher());
        assertEquals("C:\\Program Files\\7-Zip\\", zip.location());
        assertEquals("Adobe Systems Incorporated", byName.get("Adobe Acrobat Reader DC").publisher());
        assertEquals(SoftwareSource.REGISTRY, byName.get("Zoom Workplace").source());
        assertNull(byName.get("Mozilla Firefox (x64 en-GB)").installedAt());
    }

    @Test
    void hidesWhatAppsAndFeaturesHides() {
        assertFalse(byName.containsKey("Microsoft Visual C++ 2010  x64 Redistributable Runtime"));
        assertFalse(byName.containsKey("Security Update for Windows (KB5034441)"));
        assertFalse(byName.containsKey("Not a user"), ".DEFAULT is not a person's hive");
        assertTrue(inventory.problems().isEmpty(), inventory.problems().toString());
    }

    @Test
    void msixPackagesOnceEachWithoutResourcePackages() {
        SoftwareItem calc = byName.get("Microsoft.WindowsCalculator");
        assertEquals("11.2307.4.0", calc.version());
        assertEquals(SoftwareSource.MSIX, calc.source());
        SoftwareItem spotify = byName.get("Spotify Music");
        assertEquals("1.232.997.0", spotify.version());
        assertEquals(1, inventory.items().stream().filter(i -> i.name().startsWith("Microsoft.WindowsCalc")).count());
        assertEquals(6, inventory.items().size(), inventory.items().toString());
    }

    @Test
    void installDateOtherThanYyyymmddIsDroppedNotGuessed() {
        assertNull(WindowsSoftwareProbe.installDate("15/01/2024"));
        assertNull(WindowsSoftwareProbe.installDate("20241399"));
    }
}
