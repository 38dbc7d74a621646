package io.rollcall.collector.db;

import io.rollcall.collector.http.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Opaque {@code after} cursors for keyset pagination: the sort key of a page's last row, so the next page
 * is one index range read instead of an OFFSET that walks every earlier row. A cursor is URL-safe base64
 * of its parts joined by NUL; a part may be absent (a null sort key). Clients pass it back unchanged.
 */
public final class Keyset {
    private static final String NULL = "\u0001";

    private Keyset() {
    }

    /** A page of rows with the total matching the filter and the cursor of the next page ({@code null} at the end). */
    public record Page<T>(List<T> items, long total, int limit, int offset, String next) {
    }

    public static String encode(String... parts) {
        List<String> out = new ArrayList<>();
        for (String p : parts) {
            out.add(p == null ? NULL : p);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(String.join("\0", out).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The {@code n} parts of a cursor made by {@link #encode}; absent parts are {@code null}.
     *
     * @throws ApiException 400 naming {@code field} when the cursor is not one of ours
     */
    public static String[] decode(String field, String cursor, int n) {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(field + ": not a cursor this server issued");
        }
        String[] parts = text.split("\0", -1);
        if (parts.length != n) {
            throw ApiException.badRequest(field + ": not a cursor this server issued");
        }
        for (int i = 0; i < n; i++) {
            if (parts[i].equals(NULL)) {
                parts[i] = null;
            }
        }
        return parts;
    }
}
