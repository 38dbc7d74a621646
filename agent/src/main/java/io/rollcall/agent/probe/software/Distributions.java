package io.rollcall.agent.probe.software;

import java.util.Locale;
import java.util.Optional;

/**
 * Which Linux distribution, if any, published a package, from what the package database says about it. The
 * collector's dictionary approves a distribution's own packages as one system title, so a technician never reviews
 * {@code bc} or {@code at-spi2-common}; everything else keeps its maintainer or vendor as publisher.
 *
 * <p>These fields are declared by whoever built the package, so a hostile .deb can claim to be Debian's. That is
 * why the dictionary's distribution rule has the lowest priority: a name the school bans (games, peer-to-peer,
 * remote access) is still banned whatever publisher the package claims.
 */
public final class Distributions {
    public static final String DEBIAN = "Debian";
    public static final String UBUNTU = "Ubuntu";

    private Distributions() {
    }

    /**
     * The distribution a dpkg package belongs to: the one its Maintainer's e-mail domain belongs to, else the one
     * its Original-Maintainer's does (Ubuntu and its derivatives keep the Debian maintainer there when they change
     * a package and put their own team, or a person, in Maintainer).
     *
     * @param maintainer         the Maintainer field, e.g.
     *                           "GNU Libc Maintainers &lt;debian-glibc@lists.debian.org&gt;"; may be {@code null}
     * @param originalMaintainer the Original-Maintainer field; {@code null} when absent
     * @return "Debian" or "Ubuntu"; empty when neither address is a distribution's
     */
    public static Optional<String> ofDpkg(String maintainer, String originalMaintainer) {
        Optional<String> own = ofAddress(maintainer);
        return own.isPresent() ? own : ofAddress(originalMaintainer);
    }

    /**
     * The distribution that an rpm Vendor names; third-party vendors (and openSUSE Build Service home projects,
     * "obs://build.opensuse.org/home:…") give empty.
     */
    public static Optional<String> ofRpmVendor(String vendor) {
        if (vendor == null) {
            return Optional.empty();
        }
        return switch (vendor.trim()) {
            case "Red Hat, Inc.", "Red Hat" -> Optional.of("Red Hat");
            case "Fedora Project" -> Optional.of("Fedora Project");
            case "openSUSE" -> Optional.of("openSUSE");
            case "SUSE LLC <https://www.suse.com/>", "SUSE LINUX Products GmbH, Nuernberg, Germany" ->
                    Optional.of("SUSE");
            default -> Optional.empty();
        };
    }

    /** "Name &lt;user@lists.debian.org&gt;" → Debian; a personal or company address → empty. */
    static Optional<String> ofAddress(String field) {
        String domain = domain(field);
        if (domain == null) {
            return Optional.empty();
        }
        // alioth-lists.debian.net hosts the team lists since alioth closed; the rest of debian.net is any
        // developer's own service, so it does not count.
        if (within(domain, "debian.org") || domain.equals("alioth-lists.debian.net")) {
            return Optional.of(DEBIAN);
        }
        if (within(domain, "ubuntu.com") || within(domain, "canonical.com")) {
            return Optional.of(UBUNTU);
        }
        return Optional.empty();
    }

    /** The lower-case domain of the e-mail address between angle brackets; {@code null} when there is none. */
    static String domain(String field) {
        if (field == null) {
            return null;
        }
        int lt = field.lastIndexOf('<');
        int gt = field.lastIndexOf('>');
        if (lt < 0 || gt < lt) {
            return null;
        }
        String address = field.substring(lt + 1, gt).trim();
        int at = address.lastIndexOf('@');
        // A URL ("<https://code.google.com/p/…>") has no @ and is not an address.
        if (at <= 0 || at == address.length() - 1 || address.contains("/")) {
            return null;
        }
        return address.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    private static boolean within(String domain, String zone) {
        return domain.equals(zone) || domain.endsWith("." + zone);
    }
}
