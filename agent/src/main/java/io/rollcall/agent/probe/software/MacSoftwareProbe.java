package io.rollcall.agent.probe.software;

import com.dd.plist.NSDictionary;
import io.rollcall.agent.os.FileSource;
import io.rollcall.agent.os.UntrustedListing;
import io.rollcall.agent.os.mac.Plist;
import io.rollcall.common.report.SoftwareItem;
import io.rollcall.common.report.SoftwareSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Software on macOS, from files alone (system_profiler takes seconds and pkgutil starts a process per package):
 * <ul>
 *   <li>application bundles {@code *.app} in /Applications, one folder deep (/Applications/Utilities, vendor suites),
 *       and in each user's ~/Applications (/Users/*): {@code Contents/Info.plist} gives the name
 *       (CFBundleDisplayName, else CFBundleName, else the folder), CFBundleShortVersionString (else
 *       CFBundleVersion) and the publisher (NSHumanReadableCopyright, else the bundle id's organisation); the
 *       bundle folder's modification time stands for the install date, as Finder's "Date Added" is not in the
 *       bundle;</li>
 *   <li>installer receipts {@code /var/db/receipts/*.plist} (what {@code pkgutil --pkgs} lists): PackageIdentifier,
 *       PackageVersion, InstallDate. Apple's own {@code com.apple.pkg.*} receipts are the OS and its updates, which
 *       the os section already covers, so they are left out.</li>
 * </ul>
 * Plists are read with dd-plist, which handles XML and binary alike. Never throws; unreadable bundles are skipped
 * and counted in the problems.
 */
public final class MacSoftwareProbe implements SoftwareProbe {
    static final String RECEIPTS = "/var/db/receipts";
    private static final Pattern COPYRIGHT_NOISE = Pattern.compile(
            "(?i)(copyright|\\(c\\)|©|\\b(19|20)\\d\\d(\\s*[-–,]\\s*((19|20)\\d\\d|present))?\\b)");

    private final FileSource files;

    public MacSoftwareProbe(FileSource files) {
        this.files = files;
    }

    @Override
    public Inventory read() {
        List<SoftwareItem> items = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int[] unreadable = {0};
        bundlesIn(null, "Applications", true, items, unreadable, problems);
        for (String user : files.list("/Users")) {
            if (!user.startsWith(".") && !user.equals("Shared")) {
                bundlesIn("/Users/" + user, "Applications", true, items, unreadable, problems);
            }
        }
        if (unreadable[0] > 0) {
            problems.add(unreadable[0] + " application bundle(s) without a readable Contents/Info.plist");
        }
        if (!files.exists(RECEIPTS)) {
            problems.add(RECEIPTS + " not found: installer packages not listed");
        } else {
            for (String f : files.list(RECEIPTS)) {
                if (f.endsWith(".plist") && !f.startsWith("com.apple.pkg.")) {
                    Plist.read(files, RECEIPTS + "/" + f).map(MacSoftwareProbe::receipt).ifPresent(items::add);
                }
            }
        }
        return new Inventory(items, problems);
    }

    /**
     * Bundles in {@code home + "/" + dir}; {@code home} is {@code null} for /Applications. In a home folder the user
     * can write everything, so the folder is listed and Info.plist read as untrusted files, and a refusal is a
     * problem with its reason (never the bundle's or the folder's name, which may be personal).
     */
    private void bundlesIn(String home, String dir, boolean descend, List<SoftwareItem> items, int[] unreadable,
                           List<String> problems) {
        if (home == null) {
            for (String name : files.list("/" + dir)) {
                String path = "/" + dir + "/" + name;
                if (name.endsWith(".app")) {
                    add(Plist.read(files, path + "/Contents/Info.plist"), path, files.lastModified(path).orElse(null),
                            items, unreadable);
                } else if (descend && !name.startsWith(".")) {
                    bundlesIn(null, dir + "/" + name, false, items, unreadable, problems);
                }
            }
            return;
        }
        UntrustedListing listing = files.listUntrusted(home, dir);
        if (listing.refused() != null) {
            problems.add("an applications folder in a home folder was not listed: " + listing.refused());
            return;
        }
        for (UntrustedListing.Entry e : listing.entries()) {
            String name = e.name();
            if (name.endsWith(".app")) {
                Plist.UserPlist p = Plist.readUntrusted(files, home, dir + "/" + name + "/Contents/Info.plist");
                if (p.refused() != null) {
                    problems.add("an application bundle in a home folder was not read: " + p.refused());
                } else {
                    add(p.dict(), home + "/" + dir + "/" + name, e.modified(), items, unreadable);
                }
            } else if (descend && e.directory() && !name.startsWith(".")) {
                bundlesIn(home, dir + "/" + name, false, items, unreadable, problems);
            }
        }
    }

    private static void add(Optional<NSDictionary> info, String path, java.time.Instant modified,
                            List<SoftwareItem> items, int[] unreadable) {
        if (info.isPresent()) {
            items.add(bundle(info.get(), path, modified));
        } else {
            unreadable[0]++;
        }
    }

    /** One application bundle's entry from its Info.plist. */
    static SoftwareItem bundle(NSDictionary info, String path, java.time.Instant modified) {
        String folder = path.substring(path.lastIndexOf('/') + 1).replaceFirst("\\.app$", "");
        String name = first(Plist.string(info, "CFBundleDisplayName"), Plist.string(info, "CFBundleName"), folder);
        String version = first(Plist.string(info, "CFBundleShortVersionString"), Plist.string(info, "CFBundleVersion"));
        String publisher = first(publisherFromCopyright(Plist.string(info, "NSHumanReadableCopyright")),
                organisation(Plist.string(info, "CFBundleIdentifier")));
        return new SoftwareItem(name, version, publisher, modified, SoftwareSource.APP_BUNDLE, path);
    }

    /** One installer receipt (/var/db/receipts/ID.plist, the data behind {@code pkgutil --pkg-info-plist ID}). */
    static SoftwareItem receipt(NSDictionary r) {
        String id = Plist.string(r, "PackageIdentifier");
        if (id == null) {
            return null;
        }
        return new SoftwareItem(id, Plist.string(r, "PackageVersion"), organisation(id), Plist.date(r, "InstallDate"),
                SoftwareSource.PKGUTIL, id);
    }

    /** "Copyright © 2011–2024 Mozilla Corporation. All rights reserved." → "Mozilla Corporation". */
    static String publisherFromCopyright(String copyright) {
        if (copyright == null) {
            return null;
        }
        String s = COPYRIGHT_NOISE.matcher(copyright).replaceAll(" ");
        int cut = s.toLowerCase(Locale.ROOT).indexOf("all rights reserved");
        s = cut >= 0 ? s.substring(0, cut) : s;
        s = s.contains(";") ? s.substring(0, s.indexOf(';')) : s; // "...Developers; available under the MPL"
        s = s.replaceAll("\\s+", " ").strip().replaceAll("^[,.;:\\s]+|[,.;:\\s]+$", "");
        // the Ltd./Inc. full stop was eaten above; a copyright with only years and symbols says nothing
        return s.isEmpty() || s.length() > 120 ? null : s;
    }

    /** "com.microsoft.Word" → "microsoft": the reverse-DNS owner, as written; {@code null} for odd ids. */
    static String organisation(String bundleId) {
        if (bundleId == null) {
            return null;
        }
        String[] parts = bundleId.split("\\.");
        return parts.length >= 2 && !parts[1].isBlank() ? parts[1] : null;
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
