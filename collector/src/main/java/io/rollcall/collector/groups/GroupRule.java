package io.rollcall.collector.groups;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.rollcall.collector.http.ApiException;
import java.util.Set;
import java.util.UUID;

/**
 * A membership rule: devices or assets whose {@code field} matches {@code pattern} as a whole, ignoring case. RE2
 * syntax (re2j), so matching takes time linear in the value whatever the pattern: a school's pattern can never
 * stall ingest. Fields: {@code hostname} (devices), {@code serial} (devices and assets), {@code tag} and
 * {@code model} (assets).
 */
public record GroupRule(UUID id, UUID groupId, String field, String pattern) {
    public static final Set<String> FIELDS = Set.of("hostname", "serial", "tag", "model");
    public static final int MAX_PATTERN = 512;

    /** The compiled pattern; 400 naming the field when the rule is unusable. */
    public Pattern compile() {
        return compile(field, pattern);
    }

    static Pattern compile(String field, String pattern) {
        if ("ou".equalsIgnoreCase(field)) {
            throw ApiException.badRequest("field: ou is not reported by the agent yet (reports carry no directory OU); "
                    + "use hostname, serial, tag or model");
        }
        if (field == null || !FIELDS.contains(field)) {
            throw ApiException.badRequest("field: was \"" + field + "\", must be one of hostname, serial, tag, model");
        }
        if (pattern == null || pattern.isEmpty() || pattern.length() > MAX_PATTERN) {
            throw ApiException.badRequest("pattern: must be 1 to " + MAX_PATTERN + " characters");
        }
        try {
            return Pattern.compile(pattern, Pattern.CASE_INSENSITIVE);
        } catch (PatternSyntaxException e) {
            throw ApiException.badRequest("pattern: " + e.getDescription() + " in \"" + pattern + "\"");
        }
    }

    /** Whether a device with these names matches. */
    static boolean matchesDevice(String field, Pattern p, String hostname, String serial) {
        String v = switch (field) {
            case "hostname" -> hostname;
            case "serial" -> serial;
            default -> null;
        };
        return v != null && p.matches(v);
    }

    /** Whether an asset matches. */
    static boolean matchesAsset(String field, Pattern p, String tag, String serial, String model) {
        String v = switch (field) {
            case "tag" -> tag;
            case "serial" -> serial;
            case "model" -> model;
            default -> null;
        };
        return v != null && p.matches(v);
    }
}
