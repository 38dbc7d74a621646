package io.rollcall.agent.state;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Local settings from {@code agent.properties} in the state directory (installers write it; a technician may edit
 * it). Every key is optional. Intervals are whole seconds; an absent interval is {@code null} so the scheduler can
 * fall back to what the collector asked for at enrolment, then to its own default.
 *
 * <ul>
 *   <li>{@code school.account.pattern} — a regex: account names matching it are the school's</li>
 *   <li>{@code interval.full}, {@code interval.delta}, {@code interval.heartbeat}, {@code interval.media}</li>
 *   <li>{@code outbox.max.files}, {@code outbox.max.bytes}</li>
 * </ul>
 */
public record AgentConfig(Pattern schoolAccountPattern, Duration fullInterval, Duration deltaInterval,
                          Duration heartbeatInterval, Duration mediaPollInterval, Integer outboxMaxFiles,
                          Long outboxMaxBytes) {

    public static final String FILE_NAME = "agent.properties";
    public static final AgentConfig DEFAULTS = new AgentConfig(null, null, null, null, null, null, null);

    /** Reads {@code agent.properties} from {@code stateDir}; {@link #DEFAULTS} when there is none. */
    public static AgentConfig load(Path stateDir) throws IOException {
        Path file = stateDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return DEFAULTS;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return parse(p, file.toString());
    }

    /** @throws IllegalArgumentException naming the key and the bad value */
    public static AgentConfig parse(Properties p, String source) {
        String pattern = trimmed(p, "school.account.pattern");
        Pattern compiled = null;
        if (pattern != null) {
            try {
                compiled = Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(String.format("%s: school.account.pattern was '%s', not a valid regex: %s",
                        source, pattern, e.getDescription()));
            }
        }
        Long files = number(p, "outbox.max.files", source);
        if (files != null && files > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(String.format("%s: outbox.max.files was %d, too large", source, files));
        }
        return new AgentConfig(compiled, seconds(p, "interval.full", source), seconds(p, "interval.delta", source),
                seconds(p, "interval.heartbeat", source), seconds(p, "interval.media", source),
                files == null ? null : files.intValue(), number(p, "outbox.max.bytes", source));
    }

    private static Duration seconds(Properties p, String key, String source) {
        Long n = number(p, key, source);
        return n == null ? null : Duration.ofSeconds(n);
    }

    private static Long number(Properties p, String key, String source) {
        String v = trimmed(p, key);
        if (v == null) {
            return null;
        }
        try {
            long n = Long.parseLong(v);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the value
        }
        throw new IllegalArgumentException(String.format("%s: %s was '%s', must be a whole number ≥ 1", source, key, v));
    }

    private static String trimmed(Properties p, String key) {
        String v = p.getProperty(key);
        return v == null || v.isBlank() ? null : v.trim();
    }
}
