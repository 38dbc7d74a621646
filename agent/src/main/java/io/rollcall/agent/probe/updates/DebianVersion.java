package io.rollcall.agent.probe.updates;

/**
 * Debian package version ordering, as deb-version(7) defines it: {@code [epoch:]upstream[-revision]}, compared epoch
 * first (a number), then upstream, then revision; each of those alternates non-digit runs (compared character by
 * character, with {@code ~} before everything, even the end, and letters before other characters) and digit runs
 * (compared as numbers). So {@code 1.0~rc1 < 1.0 < 1.0+deb12u1 < 1:0.9}. Pure.
 */
public final class DebianVersion {
    private DebianVersion() {
    }

    /** Negative, zero or positive as {@code a} is older than, the same as or newer than {@code b}. */
    public static int compare(String a, String b) {
        String[] x = split(a.trim());
        String[] y = split(b.trim());
        int c = Long.compare(epoch(x[0]), epoch(y[0]));
        if (c != 0) {
            return c;
        }
        c = part(x[1], y[1]);
        return c != 0 ? c : part(x[2], y[2]);
    }

    /** epoch, upstream, revision; a missing revision is "0" as dpkg treats it. */
    private static String[] split(String v) {
        int colon = v.indexOf(':');
        String epoch = colon > 0 ? v.substring(0, colon) : "0";
        String rest = colon > 0 ? v.substring(colon + 1) : v;
        int dash = rest.lastIndexOf('-');
        return dash >= 0 ? new String[]{epoch, rest.substring(0, dash), rest.substring(dash + 1)}
                : new String[]{epoch, rest, "0"};
    }

    private static long epoch(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int part(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            // non-digit run
            while ((i < a.length() && !Character.isDigit(a.charAt(i)))
                    || (j < b.length() && !Character.isDigit(b.charAt(j)))) {
                int ca = i < a.length() && !Character.isDigit(a.charAt(i)) ? order(a.charAt(i)) : 0;
                int cb = j < b.length() && !Character.isDigit(b.charAt(j)) ? order(b.charAt(j)) : 0;
                if (ca != cb) {
                    return Integer.compare(ca, cb);
                }
                if (i < a.length() && !Character.isDigit(a.charAt(i))) {
                    i++;
                }
                if (j < b.length() && !Character.isDigit(b.charAt(j))) {
                    j++;
                }
            }
            // digit run, leading zeros ignored; compared by length then digits so long runs cannot overflow
            int si = i;
            while (i < a.length() && Character.isDigit(a.charAt(i))) {
                i++;
            }
            int sj = j;
            while (j < b.length() && Character.isDigit(b.charAt(j))) {
                j++;
            }
            String da = strip(a.substring(si, i));
            String db = strip(b.substring(sj, j));
            if (da.length() != db.length()) {
                return Integer.compare(da.length(), db.length());
            }
            int c = da.compareTo(db);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static String strip(String digits) {
        int k = 0;
        while (k < digits.length() && digits.charAt(k) == '0') {
            k++;
        }
        return digits.substring(k);
    }

    /** dpkg's order: '~' lowest (below the end of the string, 0), then letters, then everything else. */
    private static int order(char c) {
        if (c == '~') {
            return -1;
        }
        if (Character.isLetter(c)) {
            return c;
        }
        return c + 256;
    }
}
