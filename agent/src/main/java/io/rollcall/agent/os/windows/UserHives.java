package io.rollcall.agent.os.windows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The user hives under HKU: one per signed-in (or service-loaded) account, named by its SID, and, through
 * {@link #forEach}, the hives of profiles nobody is signed in to, loaded from their NTUSER.DAT one at a time for the
 * length of a read. Without the second, per-user installs (Roblox, Discord, Zoom, per-user Chrome) appear while their
 * user is signed in and vanish when they sign out. Each hive stays loaded only while it is read: a user who signs in
 * while their hive is loaded elsewhere would get a temporary profile.
 */
public final class UserHives {
    static final String PROFILE_LIST = "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList";
    /** Prefix of the temporary HKU names; not a SID, so {@link #userSids} never counts one as a signed-in user. */
    static final String LOADED_PREFIX = "Rollcall_";

    /** One user's hive: the user's SID and the key it is read under (HKU\SID or HKU\Rollcall_SID). */
    public record Hive(String sid, String root, boolean loadedHere) {
    }

    private UserHives() {
    }

    /**
     * SIDs of real users' hives: S-1-5-21-… (local and domain accounts) and S-1-12-1-… (Microsoft Entra), without the
     * "_Classes" companions, .DEFAULT and the service accounts S-1-5-18/19/20.
     */
    public static List<String> userSids(Registry registry) {
        return registry.subKeys("HKU").stream()
                .filter(s -> (s.startsWith("S-1-5-21-") || s.startsWith("S-1-12-1-")) && !s.endsWith("_Classes"))
                .toList();
    }

    /**
     * Hands every user's hive to {@code reader}: the signed-in ones where they are, then each other profile's
     * NTUSER.DAT loaded under a temporary name, read and unloaded before the next is loaded (best effort).
     *
     * @return problems: profiles whose hive could not be loaded
     */
    public static List<String> forEach(Registry registry, Consumer<Hive> reader) {
        Set<String> loaded = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (String sid : userSids(registry)) {
            loaded.add(sid);
            reader.accept(new Hive(sid, "HKU\\" + sid, false));
        }
        Set<String> leftovers = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        registry.subKeys("HKU").stream().filter(k -> k.startsWith(LOADED_PREFIX)).forEach(leftovers::add);
        int notLoaded = 0;
        for (Map.Entry<String, String> p : profileFolders(registry).entrySet()) {
            String sid = p.getKey();
            if (loaded.contains(sid)) {
                continue; // signed in: read where Windows has it, the file is locked anyway
            }
            String name = LOADED_PREFIX + sid;
            if (leftovers.contains(name)) {
                registry.unloadHive(name); // left by a scan that was killed mid-read
            }
            String file = p.getValue().replaceAll("[\\\\/]+$", "") + "\\NTUSER.DAT";
            if (!registry.loadHive(name, file)) {
                notLoaded++;
                continue;
            }
            try {
                reader.accept(new Hive(sid, "HKU\\" + name, true));
            } finally {
                registry.unloadHive(name);
            }
        }
        return notLoaded == 0 ? List.of() : List.of("per-user software of " + notLoaded + " profile(s) not signed in "
                + "was not read: their NTUSER.DAT could not be loaded (needs the agent to run as SYSTEM)");
    }

    /** User SID → profile folder for people's profiles (S-1-5-21-…, S-1-12-1-…); a .bak key only without a live one. */
    static Map<String, String> profileFolders(Registry registry) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : registry.subKeys(PROFILE_LIST)) {
            boolean bak = key.toLowerCase(Locale.ROOT).endsWith(".bak");
            String sid = bak ? key.substring(0, key.length() - 4) : key;
            if (!sid.startsWith("S-1-5-21-") && !sid.startsWith("S-1-12-1-")) {
                continue;
            }
            String path = registry.string(PROFILE_LIST + "\\" + key, "ProfileImagePath").orElse("");
            if (path.isBlank() || path.contains("%")) {
                continue; // a person's profile path is literal; %…% paths belong to system profiles
            }
            String id = sid.toUpperCase(Locale.ROOT);
            if (bak) {
                out.putIfAbsent(id, path);
            } else {
                out.put(id, path);
            }
        }
        return out;
    }
}
