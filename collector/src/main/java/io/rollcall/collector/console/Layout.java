package io.rollcall.collector.console;

import static io.rollcall.collector.console.Html.esc;

import java.util.List;

/**
 * The page frame every console page shares: skip link, header with the signed-in person and a
 * sign-out button, the navigation for their role, and the main content. Plain HTML and one
 * stylesheet: readable at 1280×800 and on a tablet, usable from the keyboard, printable.
 */
public final class Layout {
    private Layout() {
    }

    public static String page(String title, Viewer viewer, List<NavItem> nav, String currentPath, String main) {
        StringBuilder h = new StringBuilder(4096 + main.length());
        h.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(esc(title)).append(" · Rollcall</title>")
                .append("<link rel=\"stylesheet\" href=\"/console/static/console.css\">")
                .append("<script src=\"/console/static/console.js\" defer></script></head><body>")
                .append("<a class=\"skip\" href=\"#main\">Skip to content</a>")
                .append("<header class=\"top\"><a class=\"brand\" href=\"/console\">Rollcall</a>");
        if (viewer != null) {
            h.append("<span class=\"who\">").append(esc(viewer.principal().name())).append(" · ")
                    .append(esc(viewer.role().wire())).append("</span>")
                    .append("<form class=\"logout\" method=\"post\" action=\"/console/logout\">")
                    .append(Html.csrfField(viewer.csrf()))
                    .append("<button type=\"submit\">Sign out</button></form>");
        }
        h.append("</header>");
        if (!nav.isEmpty()) {
            h.append("<nav aria-label=\"Main\"><ul>");
            for (NavItem n : nav) {
                boolean here = currentPath != null && (currentPath.equals(n.path())
                        || currentPath.startsWith(n.path() + "/"));
                h.append("<li><a href=\"").append(esc(n.path())).append('"')
                        .append(here ? " aria-current=\"page\"" : "").append('>').append(esc(n.label()))
                        .append("</a></li>");
            }
            h.append("</ul></nav>");
        }
        h.append("<main id=\"main\" tabindex=\"-1\"><h1>").append(esc(title)).append("</h1>").append(main)
                .append("</main></body></html>");
        return h.toString();
    }

    /** A page with one message (refusals, errors, expired forms). */
    public static String message(Viewer viewer, List<NavItem> nav, String title, String text) {
        return page(title, viewer, nav, null, "<p class=\"message\">" + esc(text) + "</p>");
    }

    /** Previous/next links for a list of {@code total} rows shown {@code limit} at a time from {@code offset}. */
    public static String pager(String basePath, String query, long total, int limit, int offset) {
        StringBuilder h = new StringBuilder("<nav class=\"pager\" aria-label=\"Pages\"><span>");
        long first = total == 0 ? 0 : offset + 1;
        long last = Math.min(total, (long) offset + limit);
        h.append("Showing ").append(first).append('–').append(last).append(" of ").append(total).append("</span>");
        String sep = query.isEmpty() ? "?" : "?" + query + "&";
        if (offset > 0) {
            h.append(" <a rel=\"prev\" href=\"").append(esc(basePath + sep + "offset=" + Math.max(0, offset - limit)))
                    .append("\">Previous</a>");
        }
        if (last < total) {
            h.append(" <a rel=\"next\" href=\"").append(esc(basePath + sep + "offset=" + (offset + limit)))
                    .append("\">Next</a>");
        }
        return h.append("</nav>").toString();
    }

    /**
     * Previous/next links for a list whose total is not counted: the page asked for one row more
     * than it shows, and {@code more} says whether it came.
     */
    public static String pagerMore(String basePath, String query, int offset, int limit, int shown, boolean more) {
        StringBuilder h = new StringBuilder("<nav class=\"pager\" aria-label=\"Pages\"><span>");
        h.append(shown == 0 ? "Nothing to show" : "Showing " + (offset + 1) + "–" + (offset + shown)).append("</span>");
        String sep = query.isEmpty() ? "?" : "?" + query + "&";
        if (offset > 0) {
            h.append(" <a rel=\"prev\" href=\"").append(esc(basePath + sep + "offset=" + Math.max(0, offset - limit)))
                    .append("\">Previous</a>");
        }
        if (more) {
            h.append(" <a rel=\"next\" href=\"").append(esc(basePath + sep + "offset=" + (offset + limit)))
                    .append("\">Next</a>");
        }
        return h.append("</nav>").toString();
    }
}
