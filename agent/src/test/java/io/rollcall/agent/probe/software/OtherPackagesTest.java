package io.rollcall.agent.probe.software;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rollcall.common.report.SoftwareItem;
import io.rollcall.common.report.SoftwareSource;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class OtherPackagesTest {

    @Test
    void rpmLinesGiveInstallTimeAndSkipGpgKeys() {
        List<SoftwareItem> items = OtherPackages.parseRpm(List.of(
                "firefox\t128.0-1.fc40\tFedora Project\t1718000000\tx86_64",
                "gpg-pubkey\ta15b79cc-63d04c2c\t(none)\t1700000000\t(none)",
                "zoom\t6.0.2-1\t(none)\t(none)\tx86_64"));
        assertEquals(List.of(
                new SoftwareItem("firefox", "128.0-1.fc40", "Fedora Project", Instant.ofEpochSecond(1718000000),
                        SoftwareSource.RPM, "firefox.x86_64"),
                new SoftwareItem("zoom", "6.0.2-1", null, null, SoftwareSource.RPM, "zoom.x86_64")), items);
    }

    @Test
    void rpmVendorOfADistributionBecomesTheDistributionAndOthersStayAsTheyAre() {
        List<SoftwareItem> items = OtherPackages.parseRpm(List.of(
                "bash\t5.1.8-9.el9\tRed Hat, Inc.\t1718000000\tx86_64",
                "bc\t1.07.1-14\topenSUSE\t1718000000\tx86_64",
                "vim\t9.0-1\tSUSE LLC <https://www.suse.com/>\t1718000000\tx86_64",
                "tool\t1.0-1\tobs://build.opensuse.org/home:someone\t1718000000\tx86_64",
                "google-chrome-stable\t131.0-1\tGoogle Inc.\t1718000000\tx86_64"));
        assertEquals(java.util.Arrays.asList("Red Hat", "openSUSE", "SUSE", "obs://build.opensuse.org/home:someone",
                "Google Inc."), items.stream().map(SoftwareItem::publisher).toList());
    }

    @Test
    void snapListDropsHeaderAndVerifiedPublisherMarks() {
        List<SoftwareItem> items = OtherPackages.parseSnapList(List.of(
                "Name      Version        Rev    Tracking       Publisher   Notes",
                "core22    20240408       1380   latest/stable  canonical✓  base",
                "spotify   1.2.31.1205    75     latest/stable  spotify**   -"));
        assertEquals(List.of("core22", "spotify"), items.stream().map(SoftwareItem::name).toList());
        assertEquals(List.of("canonical", "spotify"), items.stream().map(SoftwareItem::publisher).toList());
    }

    @Test
    void flatpakUsesTheDisplayNameAndKeepsTheAppIdAsLocation() {
        List<SoftwareItem> items = OtherPackages.parseFlatpak(List.of(
                "org.mozilla.firefox\t131.0\tflathub\tsystem\tFirefox"));
        assertEquals(new SoftwareItem("Firefox", "131.0", "flathub", null, SoftwareSource.FLATPAK,
                "org.mozilla.firefox (system)"), items.get(0));
    }
}
