package io.rollcall.collector.console;

import static io.rollcall.collector.console.Html.badge;
import static io.rollcall.collector.console.Html.esc;

import io.rollcall.collector.http.ApiException;
import io.rollcall.collector.http.Query;
import io.rollcall.collector.http.Role;
import io.rollcall.collector.licences.LicenceService;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The licence register for technicians: every licence with its title's seats, seats used and how far
 * over, validity, and those ending within {@value LicenceService#EXPIRING_DAYS} days marked; the add
 * form; delete after a confirmation page. Adds and deletes go through {@link LicenceService}, which
 * re-evaluates the title's seats before the page comes back.
 */
public final class LicencePages implements ConsoleModule {
    static final int PAGE = 50;
    static final String PATH = "/console/licences";
    private static final Map<String, String> DONE = Map.of("added", "Licence added; the title's seats were re-counted.",
            "deleted", "Licence deleted; the title's seats were re-counted.");

    private final LicenceService licences;
    private ConsoleRouter console;

    public LicencePages(LicenceService licences) {
        this.licences = licences;
    }

    @Override
    public void mount(ConsoleRouter console) {
        this.console = console;
        console.nav("Licences", PATH, Role.TECHNICIANS);
        console.page(PATH, Role.TECHNICIANS, this::list);
        console.page(PATH + "/new", Role.TECHNICIANS, this::addForm);
        console.action(PATH, Role.TECHNICIANS, this::add);
        console.page(PATH + "/:id/delete", Role.TECHNICIANS, this::confirmDelete);
        console.action(PATH + "/:id/delete", Role.TECHNICIANS, this::delete);
    }

    private String list(RoutingContext ctx, Viewer v) throws Exception {
        String title = Query.text(ctx, "title", 160);
        Boolean expiring = Query.bool(ctx, "expiring");
        int offset = Query.integer(ctx, "offset", 0, 0, 10_000_000);
        List<LicenceService.LicenceView> all = licences.list(title, Boolean.TRUE.equals(expiring));
        List<LicenceService.LicenceView> shown = all.subList(Math.min(offset, all.size()), Math.min(all.size(), offset + PAGE));

        StringBuilder h = new StringBuilder(Form.done(DONE, ctx));
        h.append("<p><a class=\"button\" href=\"").append(PATH).append("/new")
                .append(title == null ? "" : "?title=" + esc(Html.url(title))).append("\">Add a licence</a></p>");
        h.append("<form class=\"filters\" method=\"get\" action=\"").append(PATH).append("\" role=\"search\">")
                .append(Form.input("title", "title", "Title id", "search", title, "maxlength=\"160\""))
                .append(Form.select("expiring", "expiring", "Show", Boolean.TRUE.equals(expiring) ? "true" : "", "", "All licences",
                        "true", "Ending within " + LicenceService.EXPIRING_DAYS + " days"))
                .append("<button type=\"submit\">Filter</button></form>");
        h.append("<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Title</th><th scope=\"col\">Type</th>")
                .append("<th scope=\"col\">Seats bought</th><th scope=\"col\">Title's seats</th><th scope=\"col\">Used</th>")
                .append("<th scope=\"col\">Over by</th><th scope=\"col\">Valid</th><th scope=\"col\">Supplier and reference</th>")
                .append("<th scope=\"col\"><span class=\"sr-only\">Actions</span></th></tr></thead><tbody>");
        for (LicenceService.LicenceView l : shown) {
            h.append("<tr").append(l.expiringSoon() ? " class=\"expiring\"" : "").append("><td><a href=\"/console/software/")
                    .append(esc(Html.url(l.title()))).append("\">").append(esc(l.title())).append("</a></td><td>")
                    .append(esc(l.type())).append("</td><td>").append("site".equals(l.type()) ? "site" : String.valueOf(l.seats()))
                    .append("</td><td>").append(esc(l.poolSeats())).append("</td><td>").append(l.used()).append("</td><td>")
                    .append(l.overBy() > 0 ? badge("bad", String.valueOf(l.overBy())) : "0").append("</td><td>")
                    .append(validity(l)).append("</td><td>").append(esc(l.supplier()))
                    .append(l.reference() == null ? "" : " · " + esc(l.reference())).append("</td><td><a href=\"")
                    .append(PATH).append('/').append(l.id()).append("/delete\">Delete</a></td></tr>");
        }
        if (shown.isEmpty()) {
            h.append("<tr><td colspan=\"9\">No licences match.</td></tr>");
        }
        StringBuilder query = new StringBuilder();
        if (title != null) {
            query.append("title=").append(Html.url(title));
        }
        if (Boolean.TRUE.equals(expiring)) {
            query.append(query.isEmpty() ? "" : "&").append("expiring=true");
        }
        h.append("</tbody></table></div>").append(Layout.pager(PATH, query.toString(), all.size(), PAGE, offset));
        return Layout.page("Licences", v, console.navFor(v.role()), PATH, h.toString());
    }

    private static String validity(LicenceService.LicenceView l) {
        String range = (l.validFrom() == null ? "" : "from " + l.validFrom() + " ")
                + (l.validTo() == null ? "perpetual" : "to " + l.validTo());
        if (l.expired()) {
            return badge("bad", "expired") + " " + esc(range);
        }
        if (!l.valid()) {
            return badge("unknown", "not yet valid") + " " + esc(range);
        }
        if (l.expiringSoon()) {
            return badge("warn", "ends in " + l.daysLeft() + " days") + " " + esc(range);
        }
        return badge("ok", "valid") + " " + esc(range);
    }

    private String addForm(RoutingContext ctx, Viewer v) {
        String title = Query.text(ctx, "title", 160);
        String h = Form.open(PATH, "stack", v.csrf())
                + Form.input("lic-title", "title", "Title id (as in the software catalogue)", "text", title,
                "required maxlength=\"160\" pattern=\"[a-z0-9][a-z0-9\\-]*\"")
                + Form.select("lic-type", "type", "Type", "per-device", "per-device", "Per device", "per-user",
                "Per user (counted per device)", "site", "Site (covers every install)")
                + Form.input("lic-seats", "seats", "Seats (not needed for a site licence)", "number", "", "min=\"0\" max=\"10000000\"")
                + Form.input("lic-from", "validFrom", "Valid from (blank: already valid)", "date", "", "")
                + Form.input("lic-to", "validTo", "Valid to, inclusive (blank: perpetual)", "date", "", "")
                + Form.input("lic-supplier", "supplier", "Supplier", "text", "", "maxlength=\"256\"")
                + Form.input("lic-reference", "reference", "Order or agreement reference", "text", "", "maxlength=\"256\"")
                + "<button type=\"submit\">Add the licence</button></form>";
        return Layout.page("Add a licence", v, console.navFor(v.role()), PATH, h);
    }

    private String add(RoutingContext ctx, Viewer v, MultiMap form) throws Exception {
        Integer seats = null;
        String s = blank(form.get("seats"));
        if (s != null) {
            try {
                seats = Integer.valueOf(s);
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("seats: was '" + clip(s) + "', must be a whole number");
            }
        }
        licences.add(new LicenceService.LicenceRequest(blank(form.get("title")), blank(form.get("type")), seats,
                date("validFrom", form.get("validFrom")), date("validTo", form.get("validTo")), form.get("supplier"),
                form.get("reference")), v.principal().id());
        return PATH + "?done=added";
    }

    private LicenceService.LicenceView find(RoutingContext ctx) throws Exception {
        UUID id = Query.uuid("id", ctx.pathParam("id"));
        return licences.list(null, false).stream().filter(l -> l.id().equals(id)).findFirst()
                .orElseThrow(() -> ApiException.notFound("No licence " + id + "; it may have been deleted already."));
    }

    private String confirmDelete(RoutingContext ctx, Viewer v) throws Exception {
        LicenceService.LicenceView l = find(ctx);
        String h = "<p>Delete this " + esc(l.type()) + " licence for <strong>" + esc(l.title()) + "</strong> ("
                + ("site".equals(l.type()) ? "site" : l.seats() + " seats") + ", " + validity(l) + ")? The title's installs are "
                + "re-counted at once, and devices beyond the remaining seats get a <code>software.unlicensed</code> finding.</p>"
                + Form.open(PATH + "/" + l.id() + "/delete", "filters", v.csrf())
                + "<button type=\"submit\" class=\"danger\" id=\"confirm-delete\">Delete the licence</button> "
                + "<a href=\"" + PATH + "\">Keep it</a></form>";
        return Layout.page("Delete a licence", v, console.navFor(v.role()), PATH, h);
    }

    private String delete(RoutingContext ctx, Viewer v, MultiMap form) throws Exception {
        licences.delete(Query.uuid("id", ctx.pathParam("id")));
        return PATH + "?done=deleted";
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static LocalDate date(String field, String v) {
        String s = blank(v);
        if (s == null) {
            return null;
        }
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(field + ": was '" + clip(s) + "', must be a date such as 2025-08-31");
        }
    }

    private static String clip(String s) {
        return s.length() > 32 ? s.substring(0, 32) + "…" : s;
    }
}
