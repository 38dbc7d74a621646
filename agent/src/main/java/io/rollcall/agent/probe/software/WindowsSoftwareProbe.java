package io.rollcall.agent.probe.software;

import io.rollcall.agent.os.windows.Registry;
import io.rollcall.agent.os.windows.UserHives;
import io.rollcall.common.report.SoftwareItem;
import io.rollcall.common.report.SoftwareSource;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Installed software on Windows, as "Apps &amp; features" lists it, from the registry alone:
 * <ul>
 *   <li>Uninstall keys in HKLM (64-bit view, then the 32-bit view under WOW6432Node) and in every user's hive:
 *       HKU\&lt;SID&gt; for signed-in users, every other profile's NTUSER.DAT loaded for the read
 *       ({@link UserHives}), so per-user installs (Roblox, Discord, Zoom) do not vanish when their user signs out.
 *       An entry needs a DisplayName; SystemComponent=1 entries, updates (ParentKeyName, ReleaseType Update/Hotfix)
 *       are left out as Windows itself hides them. InstallDate is yyyyMMdd.</li>
 *   <li>MSIX/Appx packages provisioned for all users (HKLM ...\Appx\AppxAllUserStore\Applications) and installed per
 *       user (HKU\&lt;SID&gt;\Software\Classes\Local Settings\...\AppModel\Repository\Packages); name and version come
 *       from the package full name (Name_Version_Architecture_ResourceId_PublisherId); resource packages are skipped.</li>
 * </ul>
 */
public final class WindowsSoftwareProbe implements SoftwareProbe {
    static final String UNINSTALL = "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall";
    static final String UNINSTALL_32 = "SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall";
    static final String APPX_ALL_USERS = "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Appx\\AppxAllUserStore"
            + "\\Applications";
    static final String APPX_USER = "Software\\Classes\\Local Settings\\Software\\Microsoft\\Windows\\CurrentVersion"
            + "\\AppModel\\Repository\\Packages";
    private static final Set<String> UPDATE_TYPES = Set.of("update", "hotfix", "security update");
    private static final DateTimeFormatter YYYYMMDD = DateTimeFormatter.BASIC_ISO_DATE;

    private final Registry registry;

    public WindowsSoftwareProbe(Registry registry) {
        this.registry = registry;
    }

    @Override
    public Inventory read() {
        Map<String, SoftwareItem> items = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        boolean machineRead = uninstall("HKLM\\" + UNINSTALL, items, problems);
        machineRead |= uninstall("HKLM\\" + UNINSTALL_32, items, problems);
        for (String full : registry.subKeys(APPX_ALL_USERS)) {
            appx(full, registry.string(APPX_ALL_USERS + "\\" + full, "Path").orElse(null), null, items);
        }
        problems.addAll(UserHives.forEach(registry, hive -> {
            uninstall(hive.root() + "\\" + UNINSTALL, items, problems);
            // per-user packages live in the user's UsrClass.dat, mapped here only while the user is signed in
            String base = hive.root() + "\\" + APPX_USER;
            for (String full : registry.subKeys(base)) {
                Map<String, Object> v = registry.values(base + "\\" + full);
                appx(full, (String) v.get("PackageRootFolder"), (String) v.get("DisplayName"), items);
            }
        }));
        if (!machineRead) {
            problems.add("no Uninstall key could be read (HKLM\\" + UNINSTALL + ")");
        }
        return new Inventory(new ArrayList<>(items.values()), problems);
    }

    /** Adds one Uninstall key's entries; false when the key has none. */
    private boolean uninstall(String root, Map<String, SoftwareItem> items, List<String> problems) {
        List<String> subs = registry.subKeys(root);
        for (String sub : subs) {
            try {
                SoftwareItem item = uninstallEntry(registry.values(root + "\\" + sub));
                if (item != null) {
                    items.putIfAbsent(key(item), item);
                }
            } catch (RuntimeException e) {
                problems.add("skipped " + root + "\\" + sub + ": " + e.getMessage());
            }
        }
        return !subs.isEmpty();
    }

    /** One Uninstall subkey's values as a software item; {@code null} when Windows would not list it. */
    static SoftwareItem uninstallEntry(Map<String, Object> v) {
        String name = text(v.get("DisplayName"));
        if (name == null || Registry.number(v.get("SystemComponent")).orElse(0L) == 1L
                || text(v.get("ParentKeyName")) != null) {
            return null;
        }
        String release = text(v.get("ReleaseType"));
        if (release != null && UPDATE_TYPES.contains(release.toLowerCase(Locale.ROOT))) {
            return null;
        }
        return new SoftwareItem(name, text(v.get("DisplayVersion")), text(v.get("Publisher")),
                installDate(text(v.get("InstallDate"))), SoftwareSource.REGISTRY, text(v.get("InstallLocation")));
    }

    /** yyyyMMdd as midnight UTC; a few installers write other formats, which are dropped rather than guessed. */
    static Instant installDate(String s) {
        if (s == null || s.length() != 8) {
            return null;
        }
        try {
            return LocalDate.parse(s, YYYYMMDD).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * A package full name "Microsoft.WindowsCalculator_11.2307.4.0_x64__8wekyb3d8bbwe" as name and version; resource
     * packages ("…_split.scale-125_…") are part of another package and give nothing.
     */
    static void appx(String fullName, String location, String displayName, Map<String, SoftwareItem> items) {
        String[] p = fullName.split("_", -1);
        if (p.length != 5 || !p[3].isEmpty() && !p[3].equals("~")) {
            return;
        }
        String name = displayName != null && !displayName.isBlank() && !displayName.startsWith("@{") ? displayName
                : p[0];
        SoftwareItem item = new SoftwareItem(name, p[1], null, null, SoftwareSource.MSIX,
                location != null && !location.isBlank() ? location : fullName);
        items.putIfAbsent("msix|" + p[0].toLowerCase(Locale.ROOT) + "|" + p[1], item);
    }

    private static String key(SoftwareItem i) {
        return i.source() + "|" + i.name().toLowerCase(Locale.ROOT) + "|" + i.version();
    }

    private static String text(Object o) {
        return o instanceof String s && !s.isBlank() ? s.trim() : null;
    }
}
