package io.rollcall.agent.probe.screenlock;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The INI-style key files both desktops use: GLib/dconf keyfiles ({@code [org/gnome/desktop/session]} then
 * {@code idle-delay=uint32 300}) and KDE config files, whose {@code [$i]} marker makes a key, a group or the whole
 * file immutable (kiosk mode, i.e. policy).
 *
 * @param values    "group/key" → value, with KDE's markers removed from the key
 * @param immutable the "group/key" entries that are marked {@code [$i]} directly, by their group, or by the file
 */
public record Keyfile(Map<String, String> values, java.util.Set<String> immutable) {

    public static Keyfile parse(List<String> lines) {
        Map<String, String> values = new LinkedHashMap<>();
        java.util.Set<String> immutable = new java.util.HashSet<>();
        String group = "";
        boolean fileImmutable = false, groupImmutable = false;
        for (String raw : lines) {
            String line = raw.trim();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.equals("[$i]") && group.isEmpty()) {
                fileImmutable = true;
                continue;
            }
            if (line.startsWith("[")) {
                groupImmutable = line.endsWith("[$i]");
                String g = groupImmutable ? line.substring(0, line.length() - 4) : line;
                group = g.replaceAll("^\\[|\\]$", "").replace("][", "/");
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = line.substring(0, eq).trim();
            boolean keyImmutable = key.contains("[$i]");
            key = key.replaceAll("\\[\\$[a-z]+\\]", "");
            String full = group + "/" + key;
            values.put(full, line.substring(eq + 1).trim());
            if (fileImmutable || groupImmutable || keyImmutable) {
                immutable.add(full);
            }
        }
        return new Keyfile(values, immutable);
    }

    public String get(String groupSlashKey) {
        return values.get(groupSlashKey);
    }
}
