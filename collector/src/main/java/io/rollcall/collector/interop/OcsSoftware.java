package io.rollcall.collector.interop;

import io.rollcall.common.report.SoftwareItem;
import io.rollcall.common.report.SoftwareSource;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code SOFTWARES} elements as Rollcall software items. One item per package: an exact repeat (same name, version and
 * architecture) is sent once; a name installed for two architectures (Debian multi-arch) keeps both, named
 * {@code name:arch} as {@code dpkg-query -W} names them. Install dates the agents write as {@code dd/mm/yyyy}
 * (FusionInventory) or {@code yyyy/mm/dd hh:mm:ss} (OCS) are read as UTC days; any other form, or a date before 2000
 * (the contract's floor) or after {@code latest}, is left out rather than guessed.
 */
final class OcsSoftware {
    private static final Instant FLOOR = Instant.parse("2000-01-01T00:00:00Z");
    private static final DateTimeFormatter DMY = DateTimeFormatter.ofPattern("dd/MM/uuuu");
    private static final DateTimeFormatter YMD_TIME = DateTimeFormatter.ofPattern("uuuu/MM/dd HH:mm:ss");

    private OcsSoftware() {
    }

    static List<SoftwareItem> map(XmlNode content, String family, Instant latest) {
        List<XmlNode> nodes = content.all("SOFTWARES");
        Map<String, Integer> archesOf = new HashMap<>();
        Map<String, XmlNode> unique = new LinkedHashMap<>();
        for (XmlNode n : nodes) {
            String name = name(n);
            if (name == null) {
                continue;
            }
            String key = name + "\u0000" + n.value("VERSION") + "\u0000" + arch(n);
            if (unique.putIfAbsent(key, n) == null) {
                archesOf.merge(name + "\u0000" + n.value("VERSION"), 1, Integer::sum);
            }
        }
        List<SoftwareItem> out = new ArrayList<>(unique.size());
        for (XmlNode n : unique.values()) {
            String name = name(n);
            String arch = arch(n);
            if (archesOf.get(name + "\u0000" + n.value("VERSION")) > 1 && arch != null) {
                name = name + ":" + arch;
            }
            out.add(new SoftwareItem(name, n.value("VERSION"), n.value("PUBLISHER"), installedAt(n.value("INSTALLDATE"), latest),
                    source(n.value("FROM"), family), n.value("FOLDER")));
        }
        return out;
    }

    /**
     * The package name without the {@code :amd64} the OCS unix agent appends to Debian multi-arch packages
     * (FusionInventory does not), so both agents name a title alike and as Rollcall's agent does.
     */
    private static String name(XmlNode n) {
        String name = n.value("NAME");
        String arch = arch(n);
        if (name != null && arch != null && name.endsWith(":" + arch) && name.length() > arch.length() + 1) {
            return name.substring(0, name.length() - arch.length() - 1);
        }
        return name;
    }

    private static String arch(XmlNode n) {
        return OcsMapper.first(n.value("ARCH"), n.value("ARCHITECTURE"));
    }

    static SoftwareSource source(String from, String family) {
        String f = from == null ? "" : from.toLowerCase(Locale.ROOT);
        switch (f) {
            case "deb", "dpkg" -> {
                return SoftwareSource.DPKG;
            }
            case "rpm" -> {
                return SoftwareSource.RPM;
            }
            case "snap" -> {
                return SoftwareSource.SNAP;
            }
            case "flatpak" -> {
                return SoftwareSource.FLATPAK;
            }
            case "registry", "msi", "wmi" -> {
                return SoftwareSource.REGISTRY;
            }
            case "uwp", "appx", "msix" -> {
                return SoftwareSource.MSIX;
            }
            case "brew", "homebrew" -> {
                return SoftwareSource.BREW;
            }
            case "pkgutil", "pkg" -> {
                return SoftwareSource.PKGUTIL;
            }
            case "app", "application" -> {
                return SoftwareSource.APP_BUNDLE;
            }
            default -> {
                // the source is required by the contract: the platform's native package manager is the likeliest
                return switch (family) {
                    case "windows" -> SoftwareSource.REGISTRY;
                    case "macos" -> SoftwareSource.APP_BUNDLE;
                    default -> SoftwareSource.DPKG;
                };
            }
        }
    }

    static Instant installedAt(String v, Instant latest) {
        if (v == null) {
            return null;
        }
        Instant at = null;
        try {
            at = LocalDate.parse(v, DMY).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            try {
                at = LocalDateTime.parse(v, YMD_TIME).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                try {
                    at = LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException e3) {
                    return null;
                }
            }
        }
        return at.isBefore(FLOOR) || at.isAfter(latest) ? null : at;
    }
}
