package io.rollcall.collector.http;

/**
 * Reads bearer credentials. Authentication itself (people, sessions, personal API tokens and the
 * first-run admin token) lives in {@code io.rollcall.collector.auth.Authenticator}.
 */
public final class AdminAuth {
    private AdminAuth() {
    }

    /** The credential of a {@code Bearer} header, or {@code null}. */
    public static String bearer(String header) {
        if (header == null || header.length() > 1024 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String t = header.substring(7).trim();
        return t.isEmpty() ? null : t;
    }
}
