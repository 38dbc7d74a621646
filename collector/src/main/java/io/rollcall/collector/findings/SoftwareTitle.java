package io.rollcall.collector.findings;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A normalised software title: what many raw install strings ("Google Chrome 131.0.6778.86",
 * "google-chrome-stable") are instances of.
 *
 * @param id       stable slug, the catalogue key and the subject of per-title findings, e.g. {@code google-chrome}
 * @param name     what people call it, e.g. "Google Chrome"
 * @param category e.g. browser, game, system; {@code null} when no dictionary rule matched
 */
public record SoftwareTitle(String id, String name, String category) {
    /** Longest title id kept; matches the {@code software_titles.id} column. */
    public static final int MAX_ID_LENGTH = 160;

    private static final Pattern VERSION_TAIL = Pattern.compile(
            "(?i)[\\s_-]+(v(ersion)?\\s*)?\\d+([.,]\\d+)+[\\w.+~-]*$");
    private static final Pattern DECORATION = Pattern.compile(
            "(?i)\\s*(\\((x64|x86|64-bit|32-bit|amd64|arm64|user|machine)\\)|[\\s-]+[a-z]{2}-[a-z]{2}$|:(amd64|i386|arm64|all)$)");
    private static final Pattern NON_SLUG = Pattern.compile("[^a-z0-9]+");

    public SoftwareTitle {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
    }

    /**
     * The title of a raw name no rule knows: version numbers, architecture and locale suffixes removed, so
     * "Foo Tool 2.3.1 (x64)" and "Foo Tool 2.4" are one title. Pure and deterministic.
     */
    public static SoftwareTitle fallback(String rawName) {
        String n = rawName == null ? "" : rawName.strip();
        String prev;
        do {
            prev = n;
            n = DECORATION.matcher(n).replaceAll("").strip();
            n = VERSION_TAIL.matcher(n).replaceAll("").strip();
        } while (!n.equals(prev) && !n.isEmpty());
        if (n.isEmpty()) {
            n = rawName == null || rawName.isBlank() ? "unnamed" : rawName.strip();
        }
        return new SoftwareTitle(slug(n), n, null);
    }

    /** Lower-case ASCII letters and digits joined by single hyphens, at most {@link #MAX_ID_LENGTH} long. */
    public static String slug(String s) {
        String out = NON_SLUG.matcher(s.toLowerCase(Locale.ROOT)).replaceAll("-");
        out = out.replaceAll("^-+|-+$", "");
        if (out.isEmpty()) {
            out = "x" + Integer.toHexString(s.hashCode());
        }
        return out.length() > MAX_ID_LENGTH ? out.substring(0, MAX_ID_LENGTH) : out;
    }
}
