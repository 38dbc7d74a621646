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
 *   <li>iPhone and iPad apps on Apple silicon, which the App Store installs as {@code X.app/Wrapper/Y.app} with
 *       {@code X.app/Wrapper/iTunesMetadata.plist} and no {@code Contents}: name, version, publisher and bundle id
 *       from iTunesMetadata (itemName, bundleShortVersionString, artistName, softwareVersionBundleId), else from the
 *       inner bundle's own {@code Info.plist} (iOS bundles keep it at their top);</li>
 *   <li>installer receipts {@code /var/db/receipts/*.plist} (what {@code pkgutil --pkgs} lists): PackageIdentifier,
 *       PackageVersion, InstallDate. Apple's own {@code com.apple.pkg.*} receipts are the OS and its updates, which
 *       the os section already covers, so they are left out. A receipt that installed an app bundle already listed
 *       is left out too (the bundle is kept, as it carries the name people know and the version that runs): its
 *       PackageIdentifier equals the bundle's CFBundleIdentifier or starts with it and a dot, or its last
 *       dot-separated part, less a trailing ".app" or ".pkg", matches the bundle's folder name ignoring case, spaces
 *       and punctuation ({@code com.microsoft.package.Microsoft_Word.app} for Microsoft Word.app).</li>
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
        List<Bundle> items = new ArrayList<>();
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
        List<SoftwareItem> out = new ArrayList<>(items.stream().map(Bundle::item).toList());
        if (!files.exists(RECEIPTS)) {
            problems.add(RECEIPTS + " not found: installer packages not listed");
        } else {
            for (String f : files.list(RECEIPTS)) {
                if (f.endsWith(".plist") && !f.startsWith("com.apple.pkg.")) {
                    Plist.read(files, RECEIPTS + "/" + f).map(MacSoftwareProbe::receipt)
                            .filter(r -> items.stream().noneMatch(b -> duplicates(r.name(), b)))
                            .ifPresent(out::add);
                }
            }
        }
        return new Inventory(out, problems);
    }

    /**
     * Bundles in {@code home + "/" + dir}; {@code home} is {@code null} for /Applications. In a home folder the user
     * can write everything, so the folder is listed and Info.plist read as untrusted files, and a refusal is a
     * problem with its reason (never the bundle's or the folder's name, which may be personal).
     */
    private void bundlesIn(String home, String dir, boolean descend, List<Bundle> items, int[] unreadable,
                           List<String> problems) {
        if (home == null) {
            for (String name : files.list("/" + dir)) {
                String path = "/" + dir + "/" + name;
                if (name.endsWith(".app")) {
                    Optional<NSDictionary> info = Plist.read(files, path + "/Contents/Info.plist");
                    java.time.Instant modified = files.lastModified(path).orElse(null);
                    if (info.isEmpty() && files.exists(path + "/Wrapper")) {
                        String inner = files.list(path + "/Wrapper").stream().filter(n -> n.endsWith(".app"))
                                .findFirst().orElse(null);
                        addWrapped(Plist.read(files, path + "/Wrapper/iTunesMetadata.plist"), inner == null
                                ? Optional.empty() : Plist.read(files, path + "/Wrapper/" + inner + "/Info.plist"),
                                path, modified, items, unreadable);
                    } else {
                        add(info, path, modified, items, unreadable);
                    }
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
                UntrustedListing wrapper = p.dict().isEmpty() && p.refused() == null
                        ? files.listUntrusted(home, dir + "/" + name + "/Wrapper") : UntrustedListing.missing();
                if (p.refused() != null) {
                    problems.add("an application bundle in a home folder was not read: " + p.refused());
                } else if (!wrapper.entries().isEmpty()) {
                    String inner = wrapper.entries().stream().map(UntrustedListing.Entry::name)
                            .filter(n -> n.endsWith(".app")).findFirst().orElse(null);
                    String base = dir + "/" + name + "/Wrapper/";
                    addWrapped(Plist.readUntrusted(files, home, base + "iTunesMetadata.plist").dict(), inner == null
                            ? Optional.empty() : Plist.readUntrusted(files, home, base + inner + "/Info.plist").dict(),
                            home + "/" + dir + "/" + name, e.modified(), items, unreadable);
                } else {
                    add(p.dict(), home + "/" + dir + "/" + name, e.modified(), items, unreadable);
                }
            } else if (descend && e.directory() && !name.startsWith(".")) {
                bundlesIn(home, dir + "/" + name, false, items, unreadable, problems);
            }
        }
    }

    /** A listed bundle and its CFBundleIdentifier, kept to recognise the receipt that installed it. */
    record Bundle(SoftwareItem item, String bundleId) {
    }

    private static void add(Optional<NSDictionary> info, String path, java.time.Instant modified,
                            List<Bundle> items, int[] unreadable) {
        if (info.isPresent()) {
            items.add(new Bundle(bundle(info.get(), path, modified),
                    Plist.string(info.get(), "CFBundleIdentifier")));
        } else {
            unreadable[0]++;
        }
    }

    private static void addWrapped(Optional<NSDictionary> meta, Optional<NSDictionary> inner, String path,
                                   java.time.Instant modified, List<Bundle> items, int[] unreadable) {
        if (meta.isEmpty() && inner.isEmpty()) {
            unreadable[0]++;
        } else {
            items.add(wrapped(meta.orElse(null), inner.orElse(null), path, modified));
        }
    }

    /**
     * An iPhone/iPad app wrapped for Apple silicon: the App Store's iTunesMetadata first, the inner bundle's
     * Info.plist for what it lacks (a sideloaded app has no iTunesMetadata).
     */
    static Bundle wrapped(NSDictionary meta, NSDictionary inner, String path, java.time.Instant modified) {
        SoftwareItem fromInfo = inner == null ? null : bundle(inner, path, modified);
        String bundleId = first(Plist.string(meta, "softwareVersionBundleId"), Plist.string(inner, "CFBundleIdentifier"));
        String name = first(Plist.string(meta, "itemName"), Plist.string(meta, "bundleDisplayName"),
                fromInfo == null ? null : fromInfo.name(), path.substring(path.lastIndexOf('/') + 1)
                        .replaceFirst("\\.app$", ""));
        String version = first(Plist.string(meta, "bundleShortVersionString"), Plist.string(meta, "bundleVersion"),
                fromInfo == null ? null : fromInfo.version());
        String publisher = first(Plist.string(meta, "artistName"), Plist.string(meta, "playlistArtistName"),
                fromInfo == null ? null : fromInfo.publisher(), organisation(bundleId));
        return new Bundle(new SoftwareItem(name, version, publisher, modified, SoftwareSource.APP_BUNDLE, path),
                bundleId);
    }

    /** Whether a receipt with this package id installed {@code b} (the rule in the class comment). */
    static boolean duplicates(String packageId, Bundle b) {
        String id = packageId.toLowerCase(Locale.ROOT);
        String bundleId = b.bundleId() == null ? null : b.bundleId().toLowerCase(Locale.ROOT);
        if (bundleId != null && (id.equals(bundleId) || id.startsWith(bundleId + "."))) {
            return true;
        }
        String last = id.replaceFirst("\\.(app|pkg)$", "");
        last = last.substring(last.lastIndexOf('.') + 1);
        String path = b.item().location();
        String folder = path.substring(path.lastIndexOf('/') + 1).replaceFirst("\\.app$", "");
        String key = normalised(last);
        return !key.isEmpty() && key.equals(normalised(folder));
    }

    private static String normalised(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
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
