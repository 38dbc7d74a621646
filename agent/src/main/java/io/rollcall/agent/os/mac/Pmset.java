package io.rollcall.agent.os.mac;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The power profiles {@code pmset -g custom} prints: a heading per power source ("Battery Power:", "AC Power:",
 * "UPS Power:") followed by indented "setting value" lines, e.g. {@code  displaysleep         10} or
 * {@code  sleep                0 (sleep prevented by coreaudiod)}. Timers are in minutes, 0 meaning never
 * (pmset(1), "SETTINGS"). Pure: no I/O.
 */
public final class Pmset {
    private static final Pattern HEADING = Pattern.compile("^\\s*([A-Za-z][A-Za-z ]*Power):\\s*$");
    private static final Pattern SETTING = Pattern.compile("^\\s+([A-Za-z][A-Za-z ]*?)\\s+(-?\\d+)\\b.*$");

    private final Map<String, Map<String, Long>> profiles;

    private Pmset(Map<String, Map<String, Long>> profiles) {
        this.profiles = profiles;
    }

    /** Parses the output; lines outside a power-source heading and non-numeric values are ignored. */
    public static Pmset parse(List<String> lines) {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        Map<String, Long> current = null;
        for (String line : lines) {
            Matcher h = HEADING.matcher(line);
            if (h.matches()) {
                current = new LinkedHashMap<>();
                out.put(h.group(1), current);
                continue;
            }
            Matcher s = SETTING.matcher(line);
            if (current != null && s.matches()) {
                try {
                    current.put(s.group(1).trim(), Long.parseLong(s.group(2)));
                } catch (NumberFormatException e) {
                    // a value past long range is not a timer; leave it out
                }
            }
        }
        return new Pmset(out);
    }

    /** The power sources with a profile, in printed order ("Battery Power", "AC Power"). */
    public List<String> sources() {
        return List.copyOf(profiles.keySet());
    }

    /** A setting of one power source, if printed. */
    public OptionalLong setting(String source, String name) {
        Long v = profiles.getOrDefault(source, Map.of()).get(name);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    /**
     * Seconds of inactivity after which the display goes dark on this power source: {@code displaysleep} when set,
     * else {@code sleep} (the whole Mac sleeping takes the display with it); empty when both are 0 (never) or absent.
     * A shorter {@code sleep} does not count: macOS does not idle-sleep the system before the display (Apple silicon
     * ships {@code sleep 1} beside {@code displaysleep 10}).
     */
    public OptionalLong idleSleepSeconds(String source) {
        for (String name : List.of("displaysleep", "sleep")) {
            OptionalLong v = setting(source, name);
            if (v.isPresent() && v.getAsLong() > 0) {
                return OptionalLong.of(v.getAsLong() * 60);
            }
        }
        return OptionalLong.empty();
    }
}
