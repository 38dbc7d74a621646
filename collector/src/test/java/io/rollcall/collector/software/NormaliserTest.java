package io.rollcall.collector.software;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.collector.findings.SoftwareTitle;
import io.rollcall.common.report.SoftwareItem;
import io.rollcall.common.report.SoftwareSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NormaliserTest {
    private static final Normaliser SHIPPED = Normaliser.shipped();

    private static SoftwareItem item(String name, String version, String publisher, SoftwareSource source) {
        return new SoftwareItem(name, version, publisher, null, source, null);
    }

    private static String title(String name, String version, String publisher, SoftwareSource source) {
        return SHIPPED.titleOf(item(name, version, publisher, source)).id();
    }

    @Test
    void chromeOnWindowsAndLinuxIsOneTitle() {
        assertEquals("google-chrome", title("Google Chrome 131.0.6778.86", "131.0.6778.86", "Google LLC",
                SoftwareSource.REGISTRY));
        assertEquals("google-chrome", title("Google Chrome", "131.0.6778.86", "Google LLC", SoftwareSource.REGISTRY));
        assertEquals("google-chrome", title("google-chrome-stable", "131.0.6778.85-1", "Chrome Linux Team",
                SoftwareSource.DPKG));
    }

    @Test
    void officeEditionsAreTheirOwnTitles() {
        SoftwareTitle m365 = SHIPPED.titleOf(item("Microsoft 365 Apps for enterprise - en-gb", "16.0.18129.20158",
                "Microsoft Corporation", SoftwareSource.REGISTRY));
        assertEquals("microsoft-365-apps", m365.id());
        assertEquals("office", m365.category());
        assertEquals("microsoft-office-2019", title("Microsoft Office Professional Plus 2019", "16.0.10417.20007",
                "Microsoft Corporation", SoftwareSource.REGISTRY));
        assertEquals("microsoft-office-2016", title("Microsoft Office Standard 2016", "16.0.4266.1001",
                "Microsoft Corporation", SoftwareSource.REGISTRY));
    }

    @Test
    void systemComponentsAndLibrariesNeverNeedReview() {
        assertEquals("system", SHIPPED.titleOf(item("Microsoft Visual C++ 2015-2022 Redistributable (x64) - 14.40.33810",
                "14.40.33810.0", "Microsoft Corporation", SoftwareSource.REGISTRY)).category());
        assertEquals("system", SHIPPED.titleOf(item("libssl3", "3.0.13-0ubuntu3", "Ubuntu Developers",
                SoftwareSource.DPKG)).category());
        // libreoffice starts with "lib" but is an office suite, not a library
        assertEquals("libreoffice", title("libreoffice-writer", "4:24.2.7", "Debian LibreOffice", SoftwareSource.DPKG));
    }

    @Test
    void aDistributionsOwnPackagesAreOneApprovedSystemTitle() {
        SoftwareTitle bc = SHIPPED.titleOf(item("bc", "1.07.1-3+b1", "Debian", SoftwareSource.DPKG));
        assertEquals("linux-distribution-packages", bc.id());
        assertEquals("system", bc.category());
        assertEquals("Linux distribution packages", bc.name());
        assertEquals("approved", CategoryDefaults.initialStatus(bc.category()));
        assertEquals("linux-distribution-packages", title("at-spi2-common", "2.46.0-5", "Ubuntu", SoftwareSource.DPKG));
        assertEquals("linux-distribution-packages", title("bc", "1.07.1-14", "Red Hat", SoftwareSource.RPM));
        assertEquals("linux-distribution-packages", title("bc", "1.07.1-14", "openSUSE", SoftwareSource.RPM));
    }

    @Test
    void aDistributionPublisherNeverOutranksANamedTitle() {
        SoftwareTitle transmission = SHIPPED.titleOf(item("transmission-gtk", "3.00-2.1+deb12u1", "Debian",
                SoftwareSource.DPKG));
        assertEquals("transmission", transmission.id());
        assertEquals("peer-to-peer", transmission.category());
        assertEquals("banned", CategoryDefaults.initialStatus(transmission.category()));
        assertEquals("google-chrome", title("google-chrome-stable", "131.0.6778.85-1", "Google", SoftwareSource.DPKG));
        assertEquals("chromium", title("chromium", "131.0.6778.85-1~deb12u1", "Debian", SoftwareSource.DPKG));
        assertEquals("steam", title("steam-installer", "1:1.0.0.78", "Debian", SoftwareSource.DPKG));
    }

    @Test
    void onlyADistributionsExactNameCountsAsDistributionPublisher() {
        assertEquals("bc", title("bc", "1.07.1-3+b1", "Ryan Kavanagh", SoftwareSource.DPKG));
        assertEquals("bc", title("bc", "1.07.1-3+b1", "Debian Fan Club", SoftwareSource.DPKG));
        assertEquals("bc", title("bc", "1.07.1", "Debian", SoftwareSource.REGISTRY)); // Windows has no distribution
        assertEquals("some-tool", title("some-tool", "1.0", "Debian", SoftwareSource.SNAP));
    }

    @Test
    void bannedCategoriesAreRecognised() {
        assertEquals("game", SHIPPED.titleOf(item("Steam", "2.10.91.91", "Valve Corporation", SoftwareSource.REGISTRY)).category());
        assertEquals("peer-to-peer", SHIPPED.titleOf(item("qBittorrent", "4.6.7", "The qBittorrent project",
                SoftwareSource.REGISTRY)).category());
        assertEquals("gambling", SHIPPED.titleOf(item("PokerStars.uk", "7", null, SoftwareSource.REGISTRY)).category());
        assertEquals("remote-access", SHIPPED.titleOf(item("AnyDesk", "8.1", "AnyDesk Software GmbH",
                SoftwareSource.REGISTRY)).category());
    }

    @Test
    void versionRangesSplitOneNameIntoTitles() {
        assertEquals("python-2", title("Python 2.7.18", "2.7.18150", "Python Software Foundation", SoftwareSource.REGISTRY));
        assertEquals("python-3", title("Python 3.12.7 (64-bit)", "3.12.7150.0", "Python Software Foundation",
                SoftwareSource.REGISTRY));
    }

    @Test
    void unknownNamesLoseVersionsArchitectureAndLocale() {
        assertEquals("foo-lab-tool", title("Foo Lab Tool 2.3.1 (x64)", "2.3.1", "Foo", SoftwareSource.REGISTRY));
        assertEquals("foo-lab-tool", title("Foo Lab Tool 2.4", "2.4", "Foo", SoftwareSource.REGISTRY));
        assertEquals("Foo Lab Tool", SHIPPED.titleOf(item("Foo Lab Tool - en-gb", "1", null, null)).name());
    }

    @Test
    void theMostSpecificRuleWinsWhateverTheOrder() {
        NormalisationRule broad = new NormalisationRule("teams-any", "Teams", "teams", "video-conferencing",
                "^Microsoft Teams", null, null, null, null, null);
        NormalisationRule byPublisher = new NormalisationRule("teams-ms", "Teams (Microsoft)", "teams-ms",
                "video-conferencing", "^Microsoft Teams", "^Microsoft", null, null, null, null);
        NormalisationRule longer = new NormalisationRule("teams-classic", "Teams classic", "teams-classic",
                "video-conferencing", "^Microsoft Teams classic", null, null, null, null, null);
        SoftwareItem classic = item("Microsoft Teams classic", "1.7", "Microsoft Corporation", SoftwareSource.REGISTRY);
        SoftwareItem other = item("Microsoft Teams classic", "1.7", "Someone Else", SoftwareSource.REGISTRY);
        List<NormalisationRule> rules = new ArrayList<>(List.of(broad, byPublisher, longer));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            Collections.rotate(rules, 1);
            if (i == 3) {
                Collections.reverse(rules);
            }
            Normaliser n = new Normaliser(List.of(), rules);
            seen.add(n.titleOf(classic).id() + "/" + n.titleOf(other).id());
        }
        // the publisher condition beats the longer name; without it the longer name beats the broad pattern
        assertEquals(Set.of("teams-ms/teams-classic"), seen);
    }

    @Test
    void aSchoolRuleReplacesTheShippedRuleWithItsId() {
        NormalisationRule mine = new NormalisationRule("steam", "Steam (DT club)", "steam-dt", "education",
                "^Steam$", null, null, null, null, null);
        Normaliser n = new Normaliser(Normaliser.dictionary(), List.of(mine));
        SoftwareTitle t = n.titleOf(item("Steam", "2", "Valve", SoftwareSource.REGISTRY));
        assertEquals("steam-dt", t.id());
        assertEquals("education", t.category());
    }

    @Test
    void theDictionaryIsLargeAndCoversTheRequiredCategories() {
        List<NormalisationRule> d = Normaliser.dictionary();
        assertTrue(d.size() >= 150, "rules: " + d.size());
        Set<String> cats = new HashSet<>();
        d.forEach(r -> cats.add(r.category()));
        assertTrue(cats.containsAll(Set.of("game", "gambling", "peer-to-peer", "remote-access", "system", "office",
                "browser", "classroom", "video-conferencing", "mis", "creative")), cats.toString());
        for (String name : List.of("SMART Notebook 24.1", "ActivInspire", "Scratch 3", "Minecraft Education",
                "Adobe Photoshop 2025", "Zoom Workplace", "SIMS .net")) {
            assertTrue(n(name) != null, name);
        }
    }

    private static String n(String name) {
        return SHIPPED.ruleFor(item(name, "1", null, SoftwareSource.REGISTRY));
    }

    @Test
    void versionsCompareNumerically() {
        assertTrue(Versions.compare("10.2", "9.14") > 0);
        assertTrue(Versions.compare("131.0.6778.86", "131.0.6778.9") > 0);
        assertTrue(Versions.compare("2.7.18150", "3") < 0);
        assertEquals(0, Versions.compare("1:2.3", "2.3"));
    }
}
