package io.rollcall.agent.schedule;

import java.time.Instant;

/**
 * ISO-8601 UTC instants ({@code 2026-12-06T04:00:03Z}, {@code …03.250Z}) written and read without
 * {@code java.time.format}: the resident service reads and logs times, and DateTimeFormatter alone would load some
 * 60 classes into it (BENCHMARKS.md, "Resident service"). Same text as {@link Instant#toString()} gives.
 */
public final class IsoInstant {
    private IsoInstant() {
    }

    public static String format(Instant t) {
        long secs = t.getEpochSecond();
        long days = Math.floorDiv(secs, 86_400L);
        long sod = Math.floorMod(secs, 86_400L);
        // civil date from days since 1970-01-01 (H. Hinnant's algorithm, proleptic Gregorian)
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long d = doy - (153 * mp + 2) / 5 + 1;
        long m = mp < 10 ? mp + 3 : mp - 9;
        long y = yoe + era * 400 + (m <= 2 ? 1 : 0);
        StringBuilder sb = new StringBuilder(32);
        pad(sb, y, 4).append('-');
        pad(sb, m, 2).append('-');
        pad(sb, d, 2).append('T');
        pad(sb, sod / 3600, 2).append(':');
        pad(sb, sod / 60 % 60, 2).append(':');
        pad(sb, sod % 60, 2);
        int nanos = t.getNano();
        if (nanos != 0) {
            // as Instant.toString: 3, 6 or 9 digits
            int digits = nanos % 1_000_000 == 0 ? 3 : nanos % 1000 == 0 ? 6 : 9;
            long frac = digits == 3 ? nanos / 1_000_000 : digits == 6 ? nanos / 1000 : nanos;
            pad(sb.append('.'), frac, digits);
        }
        return sb.append('Z').toString();
    }

    /** @throws IllegalArgumentException when {@code s} is not {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z} */
    public static Instant parse(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':' || s.charAt(n - 1) != 'Z') {
            throw new IllegalArgumentException("not yyyy-MM-ddTHH:mm:ssZ");
        }
        long y = digits(s, 0, 4);
        long m = digits(s, 5, 7);
        long d = digits(s, 8, 10);
        long hh = digits(s, 11, 13);
        long mm = digits(s, 14, 16);
        long ss = digits(s, 17, 19);
        if (m < 1 || m > 12 || d < 1 || d > daysIn(y, m) || hh > 23 || mm > 59 || ss > 59) {
            throw new IllegalArgumentException("a field is out of range");
        }
        long nanos = 0;
        if (n > 20) {
            if (s.charAt(19) != '.' || n - 21 < 1 || n - 21 > 9) {
                throw new IllegalArgumentException("bad fraction of a second");
            }
            nanos = digits(s, 20, n - 1);
            for (int i = n - 21; i < 9; i++) {
                nanos *= 10;
            }
        } else if (s.charAt(19) != 'Z') {
            throw new IllegalArgumentException("not yyyy-MM-ddTHH:mm:ssZ");
        }
        // days since 1970-01-01 from the civil date (inverse of the above)
        long yy = m <= 2 ? y - 1 : y;
        long era = Math.floorDiv(yy, 400);
        long yoe = yy - era * 400;
        long doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        long days = era * 146_097 + doe - 719_468;
        return Instant.ofEpochSecond(days * 86_400 + hh * 3600 + mm * 60 + ss, nanos);
    }

    private static long daysIn(long y, long m) {
        if (m == 2) {
            return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28;
        }
        return m == 4 || m == 6 || m == 9 || m == 11 ? 30 : 31;
    }

    private static long digits(String s, int from, int to) {
        long v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("not a digit at " + i);
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static StringBuilder pad(StringBuilder sb, long v, int width) {
        String s = Long.toString(v);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(s);
    }
}
