package io.rollcall.agent.probe.software;

import io.rollcall.common.report.SoftwareItem;
import io.rollcall.common.report.SoftwareSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Parsers for the package systems that are read through their command-line tools: rpm, snap and flatpak. */
public final class OtherPackages {
    /** Tab-separated so that vendors with spaces survive; install time in epoch seconds. */
    public static final String RPM_FORMAT = "%{NAME}\\t%{VERSION}-%{RELEASE}\\t%{VENDOR}\\t%{INSTALLTIME}\\t%{ARCH}\\n";
    public static final String FLATPAK_COLUMNS = "application,version,origin,installation,name";

    private OtherPackages() {
    }

    /**
     * Lines of {@code rpm -qa --queryformat RPM_FORMAT}. gpg-pubkey pseudo-packages are keys, not software. The
     * publisher is the vendor, with a distribution's vendor string shortened to the distribution
     * ({@link Distributions#ofRpmVendor}: "Red Hat, Inc." → "Red Hat").
     */
    public static List<SoftwareItem> parseRpm(List<String> lines) {
        List<SoftwareItem> out = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split("\t", -1);
            if (f.length < 5 || f[0].isBlank() || f[0].equals("gpg-pubkey")) {
                continue;
            }
            Instant at = null;
            try {
                at = Instant.ofEpochSecond(Long.parseLong(f[3].trim()));
            } catch (NumberFormatException e) {
                // "(none)": rpm did not record it
            }
            String vendor = orNull(f[2]);
            String publisher = Distributions.ofRpmVendor(vendor).orElse(vendor);
            out.add(new SoftwareItem(f[0], f[1], publisher, at, SoftwareSource.RPM, f[0] + "." + f[4]));
        }
        return out;
    }

    /**
     * Lines of {@code snap list}: a header, then columns Name, Version, Rev, Tracking, Publisher, Notes separated by
     * runs of spaces. The publisher carries a trailing mark ("canonical**", "✓") for verified publishers.
     */
    public static List<SoftwareItem> parseSnapList(List<String> lines) {
        List<SoftwareItem> out = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 5 || f[0].equals("Name")) {
                continue;
            }
            String publisher = f[4].replaceAll("[*✓✪]+$", "");
            out.add(new SoftwareItem(f[0], f[1], orNull(publisher), null, SoftwareSource.SNAP, "/snap/" + f[0]));
        }
        return out;
    }

    /** Tab-separated lines of {@code flatpak list --app --columns=FLATPAK_COLUMNS}. */
    public static List<SoftwareItem> parseFlatpak(List<String> lines) {
        List<SoftwareItem> out = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split("\t", -1);
            if (f.length < 4 || f[0].isBlank()) {
                continue;
            }
            String name = f.length > 4 && !f[4].isBlank() ? f[4] : f[0];
            out.add(new SoftwareItem(name, orNull(f[1]), orNull(f[2]), null, SoftwareSource.FLATPAK,
                    f[0] + " (" + f[3] + ")"));
        }
        return out;
    }

    private static String orNull(String s) {
        return s == null || s.isBlank() || s.equals("(none)") ? null : s.trim();
    }
}
