package io.rollcall.agent.probe.accounts;

import io.rollcall.common.report.Tri;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Pure parsers for the Unix account files: passwd, group, shadow, login.defs, lastlog and {@code last} output. */
public final class UnixAccounts {
    /** Size of {@code struct lastlog} on Linux with a 32-bit time field (x86_64, aarch64): time, line[32], host[256]. */
    public static final int LASTLOG_RECORD = 292;
    /** Groups whose members may become root through sudo (Debian/Ubuntu: sudo, admin; Fedora/Arch: wheel). */
    public static final Set<String> ADMIN_GROUPS = Set.of("sudo", "wheel", "admin");

    private UnixAccounts() {
    }

    public record PasswdEntry(String name, int uid, int gid, String home, String shell) {
        /** A shell that refuses logins marks a service account. */
        public boolean hasLoginShell() {
            return shell != null && !shell.isBlank() && !shell.endsWith("/nologin") && !shell.endsWith("/false");
        }
    }

    /**
     * A shadow entry interpreted.
     *
     * @param passwordSet whether a usable hash is stored (also when it is locked with "!")
     * @param disabled    the password is locked ("!") or the account expired
     */
    public record ShadowState(Tri passwordSet, boolean disabled) {
    }

    public static List<PasswdEntry> parsePasswd(List<String> lines) {
        List<PasswdEntry> out = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split(":", -1);
            if (f.length < 7 || line.startsWith("#") || f[0].startsWith("+") || f[0].startsWith("-")) {
                continue; // NIS compat lines are not local accounts
            }
            try {
                out.add(new PasswdEntry(f[0], Integer.parseInt(f[2]), Integer.parseInt(f[3]), f[5], f[6]));
            } catch (NumberFormatException e) {
                // a malformed line is skipped, as login(1) would
            }
        }
        return out;
    }

    /** The group names each user belongs to, primary (by gid) and supplementary. */
    public static Map<String, Set<String>> groupsByUser(List<String> groupLines, List<PasswdEntry> users) {
        Map<Integer, String> nameByGid = new HashMap<>();
        Map<String, Set<String>> out = new HashMap<>();
        for (String line : groupLines) {
            String[] f = line.split(":", -1);
            if (f.length < 4) {
                continue;
            }
            try {
                nameByGid.put(Integer.parseInt(f[2]), f[0]);
            } catch (NumberFormatException e) {
                continue;
            }
            for (String member : f[3].split(",")) {
                if (!member.isBlank()) {
                    out.computeIfAbsent(member.trim(), k -> new HashSet<>()).add(f[0]);
                }
            }
        }
        for (PasswdEntry u : users) {
            String primary = nameByGid.get(u.gid());
            if (primary != null) {
                out.computeIfAbsent(u.name(), k -> new HashSet<>()).add(primary);
            }
        }
        return out;
    }

    /** The raw password field of each shadow line, keyed by name, with the expiry day (or -1) kept alongside. */
    public static Map<String, String[]> parseShadow(List<String> lines) {
        Map<String, String[]> out = new HashMap<>();
        for (String line : lines) {
            String[] f = line.split(":", -1);
            if (f.length >= 2) {
                out.put(f[0], f);
            }
        }
        return out;
    }

    /**
     * Interprets one shadow line's fields. Empty password: none set. "!" prefix: locked, with a password if a hash
     * follows. "*" or other non-hash: no usable password. Expire (field 8, days since 1970) before today: disabled.
     */
    public static ShadowState shadowState(String[] fields, LocalDate today) {
        String pw = fields[1];
        boolean locked = pw.startsWith("!");
        String hash = locked ? pw.substring(1) : pw;
        boolean hasHash = hash.length() > 1 && !hash.startsWith("*") && !hash.startsWith("!");
        boolean expired = false;
        if (fields.length > 7 && !fields[7].isBlank()) {
            try {
                long day = Long.parseLong(fields[7].trim());
                // 0 historically means "no expiry" for some tools; shadow(5) advises against it, so ignore it.
                expired = day > 0 && LocalDate.ofEpochDay(day).isBefore(today.plusDays(1));
            } catch (NumberFormatException e) {
                // unparseable: not expired
            }
        }
        return new ShadowState(Tri.of(hasHash), locked || expired);
    }

    /** UID_MIN from login.defs, or Debian's default 1000. */
    public static int uidMin(List<String> loginDefs) {
        for (String line : loginDefs) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 2 && f[0].equals("UID_MIN")) {
                try {
                    return Integer.parseInt(f[1]);
                } catch (NumberFormatException e) {
                    break;
                }
            }
        }
        return 1000;
    }

    /** The login time in one lastlog record (little-endian seconds); {@code null} for "never" or a short record. */
    public static Instant lastlogTime(byte[] record) {
        if (record.length < 4) {
            return null;
        }
        long seconds = Integer.toUnsignedLong(ByteBuffer.wrap(record, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
        return seconds == 0 ? null : Instant.ofEpochSecond(seconds);
    }

    /** Logins per user in {@code last -w} output; reboot/shutdown pseudo-entries and the trailer are not logins. */
    public static Map<String, Integer> loginCounts(List<String> lastOutput) {
        Map<String, Integer> out = new HashMap<>();
        for (String line : lastOutput) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 2 || f[0].isEmpty() || f[0].equals("reboot") || f[0].equals("shutdown")
                    || f[0].equals("wtmp") || f[0].equals("btmp") || f[0].equals("runlevel")) {
                continue;
            }
            out.merge(f[0], 1, Integer::sum);
        }
        return out;
    }

    /** Whether lightdm's configuration, read in precedence order (later wins), allows a guest session. */
    public static boolean lightdmAllowsGuest(List<String> linesInOrder) {
        boolean allowed = false;
        for (String line : linesInOrder) {
            String t = line.trim().replace(" ", "");
            if (t.startsWith("allow-guest=")) {
                allowed = t.substring("allow-guest=".length()).equalsIgnoreCase("true");
            }
        }
        return allowed;
    }
}
