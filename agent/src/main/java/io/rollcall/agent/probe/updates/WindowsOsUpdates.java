package io.rollcall.agent.probe.updates;

import io.rollcall.agent.os.windows.Registry;
import io.rollcall.agent.os.windows.Wmi;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * OS updates on Windows, without a Windows Update search (which takes minutes): the build and edition from
 * {@code HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion} ({@code CurrentBuild}, {@code UBR},
 * {@code DisplayVersion}, {@code EditionID}) against the {@link SupportTable} — Home and Pro editions have shorter
 * servicing than Enterprise and Education, LTSC longer — and the last installed update from
 * {@code Win32_QuickFixEngineering}: the newest {@code InstalledOn} of a "Security Update" (the monthly cumulative
 * update is listed so), else of any update; when WMI fails, the servicing store's newest installed
 * {@code Package_for_RollupFix} ({@link #lastRollup}). {@code InstalledOn} is a date without a time, written {@code M/d/yyyy}
 * by the WMI provider, or a hexadecimal FILETIME on some older systems; a date is taken as local midnight. Pending
 * updates are not known and left {@code null}.
 */
public final class WindowsOsUpdates implements OsUpdatesProbe {
    static final String CURRENT_VERSION = "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion";
    static final String CIMV2 = "ROOT\\CIMV2";
    static final String QFE = "Win32_QuickFixEngineering";
    static final String CBS = "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\Packages";
    /** CBS package state "Installed" (0x70). */
    private static final long CBS_INSTALLED = 0x70;
    private static final Set<String> LTSC = Set.of("enterprises", "enterprisesn", "iotenterprises",
            "iotenterprisesk");
    private static final Set<String> ENTERPRISE_EDUCATION = Set.of("enterprise", "enterprisen", "education",
            "educationn", "iotenterprise", "iotenterprisek", "serverrdsh", "enterpriseg", "enterprisegn");
    private static final DateTimeFormatter US_DATE = DateTimeFormatter.ofPattern("M/d/yyyy");

    private final Registry registry;
    private final Wmi wmi;
    private final Clock clock;
    private final ZoneId zone;
    private final SupportTable table;

    /** @param zone the machine's local time zone, in which QFE dates are written */
    public WindowsOsUpdates(Registry registry, Wmi wmi, Clock clock, ZoneId zone, SupportTable table) {
        this.registry = registry;
        this.wmi = wmi;
        this.clock = clock;
        this.zone = zone;
        this.table = table;
    }

    @Override
    public OsUpdatesReading read() {
        List<String> notes = new ArrayList<>();
        Map<String, Object> cv = registry.values(CURRENT_VERSION);
        String build = cv.get("CurrentBuild") instanceof String s ? s.trim()
                : cv.get("CurrentBuildNumber") instanceof String s2 ? s2.trim() : null;
        String editionId = cv.get("EditionID") instanceof String s ? s.trim() : "";
        String display = cv.get("DisplayVersion") instanceof String s ? s.trim() : null;
        Long ubr = Registry.number(cv.get("UBR")).orElse(null);
        String edition = edition(editionId);
        Optional<SupportTable.Release> row = Optional.empty();
        String release = null;
        if (build == null) {
            notes.add("no CurrentBuild under " + CURRENT_VERSION);
        } else {
            release = "Windows build " + build + (ubr == null ? "" : "." + ubr)
                    + (display == null ? "" : " (" + display + ")") + " " + editionId;
            if (edition == null) {
                notes.add("edition " + editionId + " has no servicing group in the support table");
            } else {
                row = table.find("windows", build, edition);
            }
        }
        Wmi.Result r = wmi.select(CIMV2, QFE, List.of("HotFixID", "Description", "InstalledOn"));
        Instant last = null;
        String source = "Win32_QuickFixEngineering";
        if (r.failure() != null) {
            notes.add("Win32_QuickFixEngineering unavailable: " + r.failure());
            Optional<Hotfix> cbs = lastRollup(registry);
            if (cbs.isPresent()) {
                last = cbs.get().installedOn();
                source = "Component Based Servicing";
                notes.add("last cumulative update package " + cbs.get().id());
            }
        } else {
            Optional<Hotfix> h = lastHotfix(r.rows(), zone);
            if (h.isPresent()) {
                last = h.get().installedOn();
                notes.add("last update " + h.get().id() + " (" + h.get().description() + ")");
            }
        }
        UpdateVerdict.Found found = new UpdateVerdict.Found(release, row, false, last, source, null, null, null,
                notes);
        return UpdateVerdict.decide(found, table, clock.instant());
    }

    /** One installed hotfix. */
    public record Hotfix(String id, String description, Instant installedOn) {
    }

    /** The newest "Security Update", else the newest hotfix of any kind, with a readable InstalledOn. */
    public static Optional<Hotfix> lastHotfix(List<Map<String, Object>> rows, ZoneId zone) {
        Hotfix security = null;
        Hotfix any = null;
        for (Map<String, Object> row : rows) {
            Instant at = installedOn(row.get("InstalledOn"), zone);
            if (at == null) {
                continue;
            }
            String desc = String.valueOf(row.getOrDefault("Description", ""));
            Hotfix h = new Hotfix(String.valueOf(row.get("HotFixID")), desc, at);
            if (any == null || at.isAfter(any.installedOn())) {
                any = h;
            }
            if (desc.toLowerCase(Locale.ROOT).contains("security")
                    && (security == null || at.isAfter(security.installedOn()))) {
                security = h;
            }
        }
        return Optional.ofNullable(security != null ? security : any);
    }

    /**
     * The newest installed cumulative update in the servicing store: subkeys {@code Package_for_RollupFix~…} of
     * {@link #CBS} with {@code CurrentState} 0x70 and the install time as a FILETIME split into the DWORDs
     * {@code InstallTimeHigh} and {@code InstallTimeLow}. Used when WMI cannot be asked.
     */
    static Optional<Hotfix> lastRollup(Registry registry) {
        Hotfix best = null;
        for (String name : registry.subKeys(CBS)) {
            if (!name.regionMatches(true, 0, "Package_for_RollupFix", 0, "Package_for_RollupFix".length())) {
                continue;
            }
            Map<String, Object> v = registry.values(CBS + "\\" + name);
            Long state = Registry.number(v.get("CurrentState")).orElse(null);
            Long high = Registry.number(v.get("InstallTimeHigh")).orElse(null);
            Long low = Registry.number(v.get("InstallTimeLow")).orElse(null);
            if (state == null || state != CBS_INSTALLED || high == null || low == null) {
                continue;
            }
            Instant at = Registry.filetime((high << 32) | (low & 0xffffffffL)).orElse(null);
            if (at != null && (best == null || at.isAfter(best.installedOn()))) {
                best = new Hotfix(name, "cumulative update", at);
            }
        }
        return Optional.ofNullable(best);
    }

    /** "11/21/2020" (local midnight) or a 16-digit hexadecimal FILETIME; null when neither. */
    static Instant installedOn(Object value, ZoneId zone) {
        if (value == null) {
            return null;
        }
        String s = value.toString().trim();
        if (s.matches("[0-9a-fA-F]{15,16}")) {
            return Registry.filetime(Long.parseUnsignedLong(s, 16)).orElse(null);
        }
        try {
            return LocalDate.parse(s, US_DATE).atStartOfDay(zone).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The support table's servicing group for an EditionID; null for Server and unknown editions. */
    static String edition(String editionId) {
        String e = editionId.toLowerCase(Locale.ROOT);
        if (LTSC.contains(e)) {
            return "ltsc";
        }
        if (ENTERPRISE_EDUCATION.contains(e)) {
            return "enterprise-education";
        }
        if (e.startsWith("core") || e.startsWith("professional")) {
            return "home-pro";
        }
        return null;
    }
}
