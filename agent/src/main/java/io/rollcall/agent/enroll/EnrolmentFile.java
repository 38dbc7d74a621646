package io.rollcall.agent.enroll;

import io.rollcall.agent.state.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@value #FILE_NAME} in the state directory: what an installer leaves for the service when it could not enrol at
 * install time (the .msi writes it through its IniFile table; anyone may write it by hand). Lines {@code key=value}
 * with the keys of the .deb's config file ({@value #URL}, {@value #TOKEN}, {@value #FINGERPRINT}); {@code [section]}
 * headers and {@code #}/{@code ;} comments are ignored, the last value of a key wins, blanks count as absent.
 * The directory's permissions (0700, or SYSTEM and Administrators on Windows) protect the token; once the device
 * is enrolled the token line is removed from this file: the enrolment keeps it in {@code state.json} instead (sealed
 * with DPAPI on Windows) for re-enrolling when the collector refuses the device's credential. The same parser reads
 * the installers' {@code agent.properties} ({@link #loadValues}).
 */
public final class EnrolmentFile {
    public static final String FILE_NAME = "enroll.ini";
    public static final String URL = "collector.url";
    public static final String TOKEN = "enroll.token";
    public static final String FINGERPRINT = "ca.fingerprint";
    /** Another spelling of {@value #TOKEN}. */
    public static final String TOKEN_ALIAS = "enrollToken";
    static final long MAX_BYTES = 64 * 1024;

    /** The three values, all present. {@link #toString()} never shows the token. */
    public record Settings(String url, String token, String fingerprint) {
        @Override
        public String toString() {
            return "Settings[url=" + url + ", token=<hidden>, fingerprint=" + fingerprint + "]";
        }
    }

    private EnrolmentFile() {
    }

    /** The settings in {@code text} when all three are there; empty otherwise. Pure. */
    public static Optional<Settings> parse(String text) {
        Map<String, String> v = values(text);
        return v.size() == 3 ? Optional.of(new Settings(v.get(URL), v.get(TOKEN), v.get(FINGERPRINT))) : Optional.empty();
    }

    /**
     * Whichever of {@value #URL}, {@value #TOKEN} and {@value #FINGERPRINT} {@code text} sets (blanks count as
     * absent; {@value #TOKEN_ALIAS}, as in the collector's first-run.json, means {@value #TOKEN}). Pure.
     */
    public static Map<String, String> values(String text) {
        Map<String, String> values = new HashMap<>();
        for (String line : text.split("\r?\n|\r")) {
            String key = key(line);
            if (TOKEN_ALIAS.equals(key)) {
                key = TOKEN;
            }
            if (!URL.equals(key) && !TOKEN.equals(key) && !FINGERPRINT.equals(key)) {
                continue; // other keys are for other readers
            }
            String value = line.substring(line.indexOf('=') + 1).strip();
            if (value.isEmpty()) {
                values.remove(key);
            } else {
                values.put(key, value);
            }
        }
        return values;
    }

    /**
     * The values in a settings file such as the installers' {@code agent.properties} (0600, root only).
     *
     * @throws IOException naming the file when it is missing, not a regular file or unreadable
     */
    public static Map<String, String> loadValues(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " is not a file");
        }
        if (Files.size(file) > MAX_BYTES) {
            throw new IOException(String.format("%s is %d bytes; a settings file is at most %d", file,
                    Files.size(file), MAX_BYTES));
        }
        return values(read(file));
    }

    /** {@code text} without any {@value #TOKEN} line; everything else kept as it was. Pure. */
    public static String withoutToken(String text) {
        return text.lines().filter(l -> !TOKEN.equals(key(l)) && !TOKEN_ALIAS.equals(key(l))).map(l -> l + System.lineSeparator())
                .collect(Collectors.joining());
    }

    /** Reads {@value #FILE_NAME} in {@code stateDir}; empty when there is none or it lacks a value. */
    public static Optional<Settings> load(Path stateDir) throws IOException {
        Path file = stateDir.resolve(FILE_NAME);
        return Files.isRegularFile(file) ? parse(read(file)) : Optional.empty();
    }

    /** Removes the token from {@value #FILE_NAME} in {@code stateDir}, atomically; true when there was one. */
    public static boolean forgetToken(Path stateDir) throws IOException {
        Path file = stateDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return false;
        }
        String text = read(file);
        String kept = withoutToken(text);
        if (kept.lines().count() == text.lines().count()) {
            return false;
        }
        AtomicFiles.write(file, kept.getBytes(StandardCharsets.UTF_8));
        return true;
    }

    private static String read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        // WritePrivateProfileString writes UTF-16LE with a BOM when the file already had one
        if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xfe) {
            return new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16LE);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The key of a {@code key=value} line, or null for headers, comments and other lines. */
    private static String key(String line) {
        String s = line.strip();
        int eq = s.indexOf('=');
        if (s.isEmpty() || s.startsWith("#") || s.startsWith(";") || s.startsWith("[") || eq <= 0) {
            return null;
        }
        return s.substring(0, eq).strip();
    }
}
