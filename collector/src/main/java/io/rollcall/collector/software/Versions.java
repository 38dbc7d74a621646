package io.rollcall.collector.software;

/** Compares version strings the way people read them: "10.2" after "9.14", "131.0.6778.86" after "131.0.6778.9". */
final class Versions {
    private Versions() {
    }

    /**
     * Compares numeric runs as numbers and everything else as case-insensitive text, segment by segment; an
     * epoch prefix ("1:2.3") and anything after the first space are ignored. Total and deterministic.
     */
    static int compare(String a, String b) {
        String x = clean(a);
        String y = clean(b);
        int i = 0;
        int j = 0;
        while (i < x.length() && j < y.length()) {
            char cx = x.charAt(i);
            char cy = y.charAt(j);
            if (Character.isDigit(cx) && Character.isDigit(cy)) {
                int si = i;
                int sj = j;
                while (i < x.length() && Character.isDigit(x.charAt(i))) {
                    i++;
                }
                while (j < y.length() && Character.isDigit(y.charAt(j))) {
                    j++;
                }
                int c = compareDigits(x.substring(si, i), y.substring(sj, j));
                if (c != 0) {
                    return c;
                }
            } else {
                int c = Character.compare(Character.toLowerCase(cx), Character.toLowerCase(cy));
                if (c != 0) {
                    return c;
                }
                i++;
                j++;
            }
        }
        return Integer.compare(x.length() - i, y.length() - j);
    }

    private static int compareDigits(String a, String b) {
        String x = a.replaceFirst("^0+(?=.)", "");
        String y = b.replaceFirst("^0+(?=.)", "");
        return x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
    }

    private static String clean(String v) {
        String s = v.strip();
        int colon = s.indexOf(':');
        if (colon > 0 && colon < 4 && s.substring(0, colon).chars().allMatch(Character::isDigit)) {
            s = s.substring(colon + 1);
        }
        int space = s.indexOf(' ');
        return space > 0 ? s.substring(0, space) : s;
    }
}
