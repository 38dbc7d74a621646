package io.rollcall.agent.os.mac;

import io.rollcall.agent.os.CommandResult;
import io.rollcall.agent.os.CommandRunner;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Who is an administrator on macOS, counting membership through groups nested in {@code admin}:
 * <ol>
 *   <li>{@code dsmemberutil checkmembership -U <user> -G admin}, which asks opendirectoryd and so resolves nested
 *       groups and directory (AD/LDAP) groups added to admin; it prints "user is a member of the group" or "user is
 *       not a member of the group";</li>
 *   <li>when it gives no such answer, the local records: {@code dscl . -read /Groups/admin} (GroupMembership names,
 *       NestedGroups GUIDs), nested GUIDs resolved by {@code dscl . -list /Groups GeneratedUID} and read the same
 *       way, to any depth. A nested GUID the local node does not hold (a directory group) leaves non-members
 *       unknown, said in {@link #problems()}.</li>
 * </ol>
 * Each command runs once per scan at most (the dscl walk only if some dsmemberutil answer is missing).
 */
public final class AdminMembership {
    static final String DSCL = "/usr/bin/dscl";
    static final String DSMEMBERUTIL = "/usr/bin/dsmemberutil";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_GROUPS = 64;

    private final CommandRunner commands;
    private final Set<String> problems = new java.util.LinkedHashSet<>();
    private LocalTree tree;

    public AdminMembership(CommandRunner commands) {
        this.commands = commands;
    }

    /** Whether {@code user} is an administrator; {@code null} when neither source can say. */
    public Boolean isAdmin(String user) {
        CommandResult r = commands.run(List.of(DSMEMBERUTIL, "checkmembership", "-U", user, "-G", "admin"), TIMEOUT);
        Boolean answer = r.failure() == null ? parseCheck(r.stdout()) : null;
        if (answer != null) {
            return answer;
        }
        if (tree == null) {
            tree = readLocalTree();
        }
        if (tree.members.contains(user)) {
            return true;
        }
        return tree.complete ? Boolean.FALSE : null;
    }

    /** What could not be read, in words a technician can act on. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** dsmemberutil's sentence; {@code null} for anything else (an error, an unknown user). */
    static Boolean parseCheck(List<String> lines) {
        for (String line : lines) {
            String l = line.strip().toLowerCase(Locale.ROOT);
            if (l.endsWith("is not a member of the group")) {
                return false;
            }
            if (l.endsWith("is a member of the group")) {
                return true;
            }
        }
        return null;
    }

    /** Members of admin by name, directly or through nested local groups; complete when every GUID resolved. */
    record LocalTree(Set<String> members, boolean complete) {
    }

    private LocalTree readLocalTree() {
        Map<String, List<String>> admin = read("admin");
        if (admin == null) {
            problems.add("cannot read the admin group, admin rights unknown");
            return new LocalTree(Set.of(), false);
        }
        Set<String> members = new HashSet<>(admin.getOrDefault("GroupMembership", List.of()));
        Deque<String> pending = new ArrayDeque<>(admin.getOrDefault("NestedGroups", List.of()));
        if (pending.isEmpty()) {
            return new LocalTree(members, true);
        }
        Map<String, String> names = byGuid();
        Set<String> seen = new HashSet<>();
        boolean complete = true;
        while (!pending.isEmpty() && seen.size() < MAX_GROUPS) {
            String guid = pending.pop().toUpperCase(Locale.ROOT);
            if (!seen.add(guid)) {
                continue;
            }
            String name = names.get(guid);
            Map<String, List<String>> group = name == null ? null : read(name);
            if (group == null) {
                complete = false;
                problems.add("the admin group nests a group the local directory does not hold (" + guid
                        + "); members of it are not counted as administrators");
                continue;
            }
            members.addAll(group.getOrDefault("GroupMembership", List.of()));
            pending.addAll(group.getOrDefault("NestedGroups", List.of()));
        }
        return new LocalTree(members, complete);
    }

    private Map<String, List<String>> read(String group) {
        CommandResult r = commands.run(List.of(DSCL, ".", "-read", "/Groups/" + group), TIMEOUT);
        return r.ok() ? attributes(r.stdout()) : null;
    }

    private Map<String, String> byGuid() {
        CommandResult r = commands.run(List.of(DSCL, ".", "-list", "/Groups", "GeneratedUID"), TIMEOUT);
        Map<String, String> out = new HashMap<>();
        if (!r.ok()) {
            problems.add("cannot list the groups' GeneratedUID, nested admin groups unresolved");
            return out;
        }
        for (String line : r.stdout()) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 2) {
                out.put(f[1].toUpperCase(Locale.ROOT), f[0]);
            }
        }
        return out;
    }

    /**
     * {@code dscl . -read} output: "Key: v1 v2" on one line, or "Key:" followed by indented value lines (as dscl
     * prints long values such as RealName).
     */
    public static Map<String, List<String>> attributes(List<String> lines) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        String key = null;
        for (String line : lines) {
            if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0)) && line.contains(":")) {
                int colon = line.indexOf(':');
                key = line.substring(0, colon);
                out.put(key, new java.util.ArrayList<>(split(line.substring(colon + 1))));
            } else if (key != null) {
                out.get(key).addAll(split(line));
            }
        }
        return out;
    }

    private static List<String> split(String values) {
        String t = values.strip();
        return t.isEmpty() ? List.of() : List.of(t.split("\\s+"));
    }
}
