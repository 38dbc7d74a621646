package io.rollcall.agent.probe.software;

import static io.rollcall.agent.os.mac.PlistFixtures.binary;
import static io.rollcall.agent.os.mac.PlistFixtures.put;
import static io.rollcall.agent.os.mac.PlistFixtures.xml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.agent.os.FileSource;
import io.rollcall.common.report.SoftwareItem;
import io.rollcall.common.report.SoftwareSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fake macOS tree: bundles with XML and binary Info.plist, a user's ~/Applications, receipts. */
class MacSoftwareProbeTest {
    @TempDir
    Path root;

    private Map<String, SoftwareItem> scan() throws Exception {
        put(root, "/Applications/Firefox.app/Contents/Info.plist", xml("Firefox-Info.plist"));
        Files.setLastModifiedTime(root.resolve("Applications/Firefox.app"),
                FileTime.from(Instant.parse("2024-03-28T10:00:00Z")));
        put(root, "/Users/kid/Applications/Minecraft.app/Contents/Info.plist", binary("Minecraft-Info.plist"));
        put(root, "/Applications/Utilities/Minecraft Copy.app/Contents/Info.plist", binary("Minecraft-Info.plist"));
        Files.createDirectories(root.resolve("Applications/Broken.app/Contents"));
        put(root, "/var/db/receipts/com.microsoft.teams2.plist", binary("receipt-com.microsoft.teams2.plist"));
        put(root, "/var/db/receipts/com.microsoft.teams2.bom", new byte[]{1, 2, 3});
        put(root, "/var/db/receipts/com.apple.pkg.XProtectPayloads_10_15.16U4413.plist",
                xml("receipt-com.apple.pkg.XProtectPayloads.plist"));
        SoftwareProbe.Inventory inv = new MacSoftwareProbe(FileSource.rootedAt(root)).read();
        assertEquals(List.of("1 application bundle(s) without a readable Contents/Info.plist"), inv.problems());
        return inv.items().stream().collect(Collectors.toMap(SoftwareItem::location, Function.identity()));
    }

    @Test
    void anXmlInfoPlistGivesNameVersionPublisherAndTheBundlesDate() throws Exception {
        SoftwareItem ff = scan().get("/Applications/Firefox.app");
        assertEquals(new SoftwareItem("Firefox", "124.0.2", "Firefox and Mozilla Developers",
                Instant.parse("2024-03-28T10:00:00Z"), SoftwareSource.APP_BUNDLE, "/Applications/Firefox.app"), ff);
    }

    @Test
    void aBinaryInfoPlistInAUsersApplicationsAndInASubfolderIsRead() throws Exception {
        Map<String, SoftwareItem> items = scan();
        SoftwareItem game = items.get("/Users/kid/Applications/Minecraft.app");
        assertEquals("Minecraft Launcher", game.name(), "CFBundleDisplayName wins over CFBundleName");
        assertEquals("3.2.10", game.version());
        assertEquals("Mojang AB", game.publisher());
        assertTrue(items.containsKey("/Applications/Utilities/Minecraft Copy.app"));
    }

    @Test
    void receiptsAreListedWithoutApplesOwnComponents() throws Exception {
        Map<String, SoftwareItem> items = scan();
        SoftwareItem teams = items.get("com.microsoft.teams2");
        assertEquals(new SoftwareItem("com.microsoft.teams2", "24004.1403.2634.2418", "microsoft",
                Instant.parse("2024-02-12T09:30:11Z"), SoftwareSource.PKGUTIL, "com.microsoft.teams2"), teams);
        assertTrue(items.keySet().stream().noneMatch(k -> k.startsWith("com.apple.pkg")), items.keySet().toString());
        assertEquals(4, items.size());
    }

    @Test
    void publisherFallsBackToTheBundleIdsOwnerAndIgnoresYearOnlyCopyrights() {
        assertEquals("Microsoft Corporation",
                MacSoftwareProbe.publisherFromCopyright("Copyright © 2024 Microsoft Corporation. All rights reserved."));
        assertNull(MacSoftwareProbe.publisherFromCopyright("© 2019–2024"));
        assertEquals("microsoft", MacSoftwareProbe.organisation("com.microsoft.Word"));
        assertNull(MacSoftwareProbe.organisation("Word"));
    }

    @Test
    void anIpadAppWrappedForAppleSiliconIsReportedFromItsItunesMetadata() throws Exception {
        put(root, "/Applications/App Name.app/Wrapper/iTunesMetadata.plist", xml("iTunesMetadata-xamarin-docs.plist"));
        put(root, "/Applications/App Name.app/Wrapper/AppName.app/Info.plist", binary("ios-app-Info.plist"));
        SoftwareProbe.Inventory inv = new MacSoftwareProbe(FileSource.rootedAt(root)).read();
        SoftwareItem app = inv.items().stream().filter(i -> i.location().equals("/Applications/App Name.app"))
                .findFirst().orElseThrow(() -> new AssertionError(inv.toString()));
        assertEquals("App Name", app.name());
        assertEquals("1.5.1", app.version());
        assertEquals("Company, Inc.", app.publisher());
        assertEquals(SoftwareSource.APP_BUNDLE, app.source());
        assertTrue(inv.problems().stream().noneMatch(p -> p.contains("without a readable")), inv.problems().toString());
    }

    @Test
    void aWrappedAppWithoutItunesMetadataFallsBackToTheInnerInfoPlist() throws Exception {
        put(root, "/Applications/WordPuzzle.app/Wrapper/WordPuzzle.app/Info.plist", xml("ios-app-Info.plist"));
        put(root, "/Users/kid/Applications/Puzzle.app/Wrapper/WordPuzzle.app/Info.plist", xml("ios-app-Info.plist"));
        Map<String, SoftwareItem> items = new MacSoftwareProbe(FileSource.rootedAt(root)).read().items().stream()
                .collect(Collectors.toMap(SoftwareItem::location, Function.identity()));
        assertEquals(new SoftwareItem("Word Puzzle", "2.3", "example", items.get("/Applications/WordPuzzle.app")
                .installedAt(), SoftwareSource.APP_BUNDLE, "/Applications/WordPuzzle.app"),
                items.get("/Applications/WordPuzzle.app"));
        assertEquals("Word Puzzle", items.get("/Users/kid/Applications/Puzzle.app").name(), "in a home folder too");
    }

    @Test
    void aReceiptForAnAppAlreadyListedIsDroppedAndTheBundleKept() throws Exception {
        put(root, "/Applications/Microsoft Teams.app/Contents/Info.plist", xml("MSTeams-Info.plist"));
        put(root, "/Applications/Microsoft Word.app/Contents/Info.plist", ("<plist version=\"1.0\"><dict>"
                + "<key>CFBundleIdentifier</key><string>com.microsoft.Word</string></dict></plist>").getBytes(
                java.nio.charset.StandardCharsets.UTF_8));
        put(root, "/var/db/receipts/com.microsoft.teams2.plist", binary("receipt-com.microsoft.teams2.plist"));
        put(root, "/var/db/receipts/com.microsoft.package.Microsoft_Word.app.plist", ("<plist version=\"1.0\"><dict>"
                + "<key>PackageIdentifier</key><string>com.microsoft.package.Microsoft_Word.app</string>"
                + "<key>PackageVersion</key><string>16.83</string></dict></plist>").getBytes(
                java.nio.charset.StandardCharsets.UTF_8));
        put(root, "/var/db/receipts/us.zoom.pkg.videomeeting.plist", ("<plist version=\"1.0\"><dict>"
                + "<key>PackageIdentifier</key><string>us.zoom.pkg.videomeeting</string></dict></plist>").getBytes(
                java.nio.charset.StandardCharsets.UTF_8));
        List<SoftwareItem> items = new MacSoftwareProbe(FileSource.rootedAt(root)).read().items();
        assertEquals(List.of("/Applications/Microsoft Teams.app", "/Applications/Microsoft Word.app",
                "us.zoom.pkg.videomeeting"), items.stream().map(SoftwareItem::location).toList(),
                "the Teams receipt (same id) and the Word receipt (same name) are the bundles; Zoom's has no bundle");
        assertEquals("Microsoft Teams", items.get(0).name());
    }

    @Test
    void noReceiptsFolderIsAProblemNotAFailure() {
        SoftwareProbe.Inventory inv = new MacSoftwareProbe(FileSource.rootedAt(root)).read();
        assertEquals(List.of(), inv.items());
        assertTrue(inv.problems().get(0).contains("/var/db/receipts not found"));
    }
}
