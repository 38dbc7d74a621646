package io.rollcall.collector.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Building HTML by hand, safely: every value from a device, a person or a URL goes through
 * {@link #esc}, so a host name such as {@code <script>} is shown, never run.
 */
public final class Html {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Html() {
    }

    /** Text made safe for element content and quoted attribute values. */
    public static String esc(Object v) {
        if (v == null) {
            return "";
        }
        String s = v.toString();
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A query-string value. */
    public static String url(String v) {
        return URLEncoder.encode(v == null ? "" : v, StandardCharsets.UTF_8);
    }

    public static String when(Instant t) {
        return t == null ? "never" : WHEN.format(t);
    }

    /** A hidden field carrying the session's CSRF token: every form that changes something has one. */
    public static String csrfField(String token) {
        return "<input type=\"hidden\" name=\"_csrf\" value=\"" + esc(token) + "\">";
    }

    /** A status word with a class the stylesheet colours (and a text label, never colour alone). */
    public static String badge(String cls, String text) {
        return "<span class=\"badge " + esc(cls) + "\">" + esc(text) + "</span>";
    }
}
