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
    void noReceiptsFolderIsAProblemNotAFailure() {
        SoftwareProbe.Inventory inv = new MacSoftwareProbe(FileSource.rootedAt(root)).read();
        assertEquals(List.of(), inv.items());
        assertTrue(inv.problems().get(0).contains("/var/db/receipts not found"));
    }
}
