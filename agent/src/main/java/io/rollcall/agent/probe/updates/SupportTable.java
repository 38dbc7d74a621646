package io.rollcall.agent.probe.updates;

import io.rollcall.agent.probe.JsonValues;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The dated table of OS releases and the last day each gets security updates. The agent ships one
 * ({@code os-support.json} next to this class); a file of the same format at {@link #overridePath()} replaces it when
 * its {@code tableDate} is newer, so a school can refresh the dates without a new agent. Pure apart from
 * {@link #installed()} and {@link #withOverride(Path)}.
 *
 * @param tableDate when the table's dates were last checked, as {@code yyyy-MM-dd}
 * @param releases  one row per release (and Windows edition group)
 * @param origin    where the table came from ("bundled" or the override file's path), and why an override was not used
 */
public record SupportTable(String tableDate, List<Release> releases, String origin) {
    /** Largest override file read: the bundled table is about 7 KB. */
    static final long MAX_BYTES = 1 << 20;
    /** System property, then environment variable, naming the override file. */
    public static final String PROPERTY = "rollcall.osSupportFile";
    public static final String ENV = "ROLLCALL_OS_SUPPORT_FILE";

    /**
     * One release.
     *
     * @param os        "windows", "macos" or "linux"
     * @param key       Windows build number ("22631"), macOS major version ("14"), Linux "id:VERSION_ID" ("debian:12")
     * @param edition   Windows only: "home-pro", "enterprise-education" or "ltsc"; {@code null} elsewhere
     * @param release   the name a technician knows, e.g. "Windows 11 23H2"
     * @param ends      the last day of security updates
     * @param estimated the vendor has not published this date; the table's best knowledge
     * @param note      where the date comes from
     */
    public record Release(String os, String key, String edition, String release, LocalDate ends, boolean estimated,
                          String note) {
    }

    public SupportTable {
        releases = List.copyOf(releases);
    }

    /** The release row for {@code os}, {@code key} and {@code edition} (null matches rows without an edition). */
    public Optional<Release> find(String os, String key, String edition) {
        return releases.stream().filter(r -> r.os().equals(os) && r.key().equalsIgnoreCase(key)
                && (edition == null ? r.edition() == null : edition.equals(r.edition()))).findFirst();
    }

    /** The rows for one system, in table order. */
    public List<Release> of(String os) {
        return releases.stream().filter(r -> r.os().equals(os)).toList();
    }

    /** The table shipped in the agent jar. */
    public static SupportTable bundled() {
        try (InputStream in = SupportTable.class.getResourceAsStream("os-support.json")) {
            if (in == null) {
                throw new IllegalStateException("os-support.json is missing from the agent jar");
            }
            return parse(in.readAllBytes(), "bundled");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bundled table, or the override file at {@link #overridePath()} when that is newer. */
    public static SupportTable installed() {
        return bundled().withOverride(overridePath());
    }

    /**
     * This table, or the one in {@code file} when it is valid and its {@code tableDate} is later. A missing file keeps
     * this table silently; a bad or older one keeps it and says so in {@link #origin()}.
     */
    public SupportTable withOverride(Path file) {
        if (file == null || !Files.isRegularFile(file)) {
            return this;
        }
        try {
            if (Files.size(file) > MAX_BYTES) {
                return noting("override " + file + " ignored: larger than " + MAX_BYTES + " bytes");
            }
            SupportTable other = parse(Files.readAllBytes(file), file.toString());
            if (other.tableDate().compareTo(tableDate) <= 0) {
                return noting("override " + file + " ignored: its tableDate " + other.tableDate()
                        + " is not newer than " + tableDate);
            }
            return other;
        } catch (IOException | IllegalArgumentException e) {
            return noting("override " + file + " ignored: " + e.getMessage());
        }
    }

    private SupportTable noting(String why) {
        return new SupportTable(tableDate, releases, origin + "; " + why);
    }

    /**
     * A table from its JSON; throws {@link IllegalArgumentException} naming the first bad row and field, so a
     * hand-edited override that does not parse is rejected whole rather than half used.
     */
    static SupportTable parse(byte[] json, String origin) {
        Object root;
        try {
            root = JsonValues.parse(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
        String date = date(root, "tableDate", "table").toString();
        if (!(JsonValues.field(root, "releases") instanceof List<?> rows) || rows.isEmpty()) {
            throw new IllegalArgumentException("releases: a non-empty array is required");
        }
        List<Release> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Object r = rows.get(i);
            String at = "releases[" + i + "]";
            String os = text(r, "os", at).toLowerCase(Locale.ROOT);
            if (!List.of("windows", "macos", "linux").contains(os)) {
                throw new IllegalArgumentException(at + ".os was \"" + os + "\", must be windows, macos or linux");
            }
            Object e = JsonValues.field(r, "edition");
            String edition = e == null ? null : JsonValues.asText(e, "");
            if (edition != null && !List.of("home-pro", "enterprise-education", "ltsc").contains(edition)) {
                throw new IllegalArgumentException(at + ".edition was \"" + edition
                        + "\", must be home-pro, enterprise-education or ltsc");
            }
            out.add(new Release(os, text(r, "key", at), edition, text(r, "release", at), date(r, "ends", at),
                    JsonValues.asBoolean(JsonValues.field(r, "estimated")),
                    JsonValues.asText(JsonValues.field(r, "note"), "")));
        }
        return new SupportTable(date, out, origin);
    }

    private static String text(Object n, String field, String at) {
        if (!(JsonValues.field(n, field) instanceof String v) || v.isBlank()) {
            throw new IllegalArgumentException(at + "." + field + ": a non-empty string is required");
        }
        return v.trim();
    }

    private static LocalDate date(Object n, String field, String at) {
        String s = text(n, field, at);
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(at + "." + field + " was \"" + s + "\", must be a yyyy-MM-dd date");
        }
    }

    /**
     * Where an override is looked for: the {@value #PROPERTY} system property, else the {@value #ENV} environment
     * variable, else {@code os-support.json} in the agent's configuration directory ({@code /etc/rollcall} on Linux,
     * {@code /Library/Rollcall/Agent} on macOS, {@code %ProgramData%\Rollcall\Agent} on Windows).
     */
    public static Path overridePath() {
        String p = System.getProperty(PROPERTY);
        if (p == null || p.isBlank()) {
            p = System.getenv(ENV);
        }
        if (p != null && !p.isBlank()) {
            return Path.of(p.trim());
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            String data = System.getenv("ProgramData");
            return Path.of(data == null || data.isBlank() ? "C:\\ProgramData" : data, "Rollcall", "Agent",
                    "os-support.json");
        }
        if (os.startsWith("mac")) {
            return Path.of("/Library/Rollcall/Agent/os-support.json");
        }
        return Path.of("/etc/rollcall/os-support.json");
    }
}
