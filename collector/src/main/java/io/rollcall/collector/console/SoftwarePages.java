package io.rollcall.collector.console;

import static io.rollcall.collector.console.Html.badge;
import static io.rollcall.collector.console.Html.esc;
import static io.rollcall.collector.console.Html.when;

import io.rollcall.collector.http.ApiException;
import io.rollcall.collector.http.Query;
import io.rollcall.collector.http.Role;
import io.rollcall.collector.software.CatalogueService;
import io.rollcall.collector.software.CatalogueStore;
import io.rollcall.collector.software.SoftwareService;
import io.rollcall.collector.software.Statuses;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The software catalogue for technicians: the review queue (unreviewed titles, newest first, with a
 * decision form on each row), the whole catalogue (filter by status and category, search) and one
 * title's page (who holds it, its decision history, the decision form). A decision goes through
 * {@link SoftwareService#decide}, the API's own path, so the fleet is re-evaluated before the page
 * comes back and the same field checks apply.
 */
public final class SoftwarePages implements ConsoleModule {
    static final int PAGE = 50;
    static final String REVIEW = "/console/review";
    static final String CATALOGUE = "/console/software";
    private static final Set<String> STATUSES = Set.of(Statuses.UNREVIEWED, "approved", "licence-required", "banned");
    private static final Map<String, String> DONE = Map.of("decided", "Decision recorded; every device holding the title "
            + "has been re-evaluated.");

    private final SoftwareService software;
    private final CatalogueService catalogue;
    private ConsoleRouter console;

    public SoftwarePages(SoftwareService software, CatalogueService catalogue) {
        this.software = software;
        this.catalogue = catalogue;
    }

    @Override
    public void mount(ConsoleRouter console) {
        this.console = console;
        console.nav("Software review", REVIEW, Role.TECHNICIANS);
        console.nav("Software catalogue", CATALOGUE, Role.TECHNICIANS);
        console.page(REVIEW, Role.TECHNICIANS, this::review);
        console.page(CATALOGUE, Role.TECHNICIANS, this::catalogue);
        console.page(CATALOGUE + "/:id", Role.TECHNICIANS, this::title);
        console.action(CATALOGUE + "/:id/decision", Role.TECHNICIANS, this::decide);
    }

    static String statusBadge(String status) {
        String cls = switch (status == null ? "" : status) {
            case "approved" -> "ok";
            case "licence-required" -> "warn";
            case "banned" -> "bad";
            default -> "unknown";
        };
        return badge(cls, status);
    }

    private String review(RoutingContext ctx, Viewer v) throws Exception {
        String q = Query.text(ctx, "q", 128);
        int offset = Query.integer(ctx, "offset", 0, 0, 10_000_000);
        var page = catalogue.store().titles(Statuses.UNREVIEWED, null, q, PAGE, offset);
        StringBuilder h = new StringBuilder(Form.done(DONE, ctx));
        h.append("<p>Titles installed on school devices that nobody has decided on yet, newest first. Until a title is "
                + "decided, every device holding it carries a <code>software.unapproved</code> finding.</p>");
        h.append("<form class=\"filters\" method=\"get\" action=\"").append(REVIEW).append("\" role=\"search\">")
                .append(Form.input("q", "q", "Title name or id", "search", q, "maxlength=\"128\""))
                .append("<button type=\"submit\">Search</button></form>");
        h.append("<div class=\"scroll\"><table class=\"review\"><thead><tr><th scope=\"col\">Title</th>")
                .append("<th scope=\"col\">Category</th><th scope=\"col\">First seen</th><th scope=\"col\">Devices</th>")
                .append("<th scope=\"col\">Decision</th></tr></thead><tbody>");
        Actors.Names names = console.actors().names(page.items().stream().map(CatalogueStore.TitleRow::decidedBy).toList());
        for (CatalogueStore.TitleRow t : page.items()) {
            h.append("<tr><td>").append(titleLink(t)).append("</td><td>").append(esc(t.category())).append("</td><td>")
                    .append(when(t.firstSeen())).append("</td><td>").append(t.devices()).append("</td><td>")
                    .append(decisionForm(v, t, "review")).append("</td></tr>");
        }
        if (page.items().isEmpty()) {
            h.append("<tr><td colspan=\"5\">Nothing waits for review.</td></tr>");
        }
        h.append("</tbody></table></div>")
                .append(Layout.pager(REVIEW, q == null ? "" : "q=" + Html.url(q), page.total(), PAGE, offset));
        return Layout.page("Software review", v, console.navFor(v.role()), REVIEW, h.toString());
    }

    private static String titleLink(CatalogueStore.TitleRow t) {
        return "<a href=\"" + CATALOGUE + "/" + esc(Html.url(t.id())) + "\">" + esc(t.name()) + "</a> <code>"
                + esc(t.id()) + "</code>";
    }

    /** The decision form; {@code back} says where to return ({@code review} or the title page). */
    private static String decisionForm(Viewer v, CatalogueStore.TitleRow t, String back) {
        String key = t.id();
        String current = Statuses.UNREVIEWED.equals(t.status()) ? "approved" : t.status();
        return Form.open(CATALOGUE + "/" + Html.url(t.id()) + "/decision", "decision", v.csrf())
                + "<input type=\"hidden\" name=\"back\" value=\"" + esc(back) + "\">"
                + Form.select("status-" + key, "status", "Decision", current, "approved", "Approved",
                "licence-required", "Licence required", "banned", "Banned")
                + Form.input("category-" + key, "category", "Category", "text", t.category(),
                "maxlength=\"64\" pattern=\"[a-z][a-z\\-]{0,63}\"")
                + Form.input("reason-" + key, "reason", "Reason", "text", "", "maxlength=\"" + SoftwareService.MAX_REASON + "\"")
                + "<button type=\"submit\" id=\"decide-" + esc(key) + "\">Decide</button></form>";
    }

    private String catalogue(RoutingContext ctx, Viewer v) throws Exception {
        String status = Query.text(ctx, "status", 24);
        if (status != null && !STATUSES.contains(status)) {
            throw ApiException.badRequest("status: was '" + status + "', must be one of unreviewed, approved, "
                    + "licence-required, banned");
        }
        String category = Query.text(ctx, "category", 64);
        if (category != null && !category.matches("[a-z][a-z-]{0,63}")) {
            throw ApiException.badRequest("category: must be lower-case letters and hyphens, e.g. game");
        }
        String q = Query.text(ctx, "q", 128);
        int offset = Query.integer(ctx, "offset", 0, 0, 10_000_000);
        var page = catalogue.store().titles(status, category, q, PAGE, offset);
        StringBuilder h = new StringBuilder();
        h.append("<form class=\"filters\" method=\"get\" action=\"").append(CATALOGUE).append("\" role=\"search\">")
                .append(Form.select("status", "status", "Status", status, "", "Any", "unreviewed", "Unreviewed",
                        "approved", "Approved", "licence-required", "Licence required", "banned", "Banned"))
                .append(Form.input("category", "category", "Category", "text", category,
                        "maxlength=\"64\" pattern=\"[a-z][a-z\\-]{0,63}\""))
                .append(Form.input("q", "q", "Title name or id", "search", q, "maxlength=\"128\""))
                .append("<button type=\"submit\">Filter</button></form>");
        h.append("<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Title</th><th scope=\"col\">Status</th>")
                .append("<th scope=\"col\">Category</th><th scope=\"col\">Devices</th><th scope=\"col\">Decided</th>")
                .append("<th scope=\"col\">Reason</th></tr></thead><tbody>");
        Actors.Names names = console.actors().names(page.items().stream().map(CatalogueStore.TitleRow::decidedBy).toList());
        for (CatalogueStore.TitleRow t : page.items()) {
            h.append("<tr><td>").append(titleLink(t)).append("</td><td>").append(statusBadge(t.status()))
                    .append("</td><td>").append(esc(t.category())).append("</td><td>").append(t.devices())
                    .append("</td><td>").append(t.decidedBy() == null ? "—" : esc(names.of(t.decidedBy())) + ", " + when(t.decidedAt()))
                    .append("</td><td>").append(esc(t.reason())).append("</td></tr>");
        }
        if (page.items().isEmpty()) {
            h.append("<tr><td colspan=\"6\">No titles match.</td></tr>");
        }
        h.append("</tbody></table></div>");
        StringBuilder query = new StringBuilder();
        param(query, "status", status);
        param(query, "category", category);
        param(query, "q", q);
        h.append(Layout.pager(CATALOGUE, query.toString(), page.total(), PAGE, offset));
        return Layout.page("Software catalogue", v, console.navFor(v.role()), CATALOGUE, h.toString());
    }

    private static void param(StringBuilder query, String name, String value) {
        if (value != null) {
            query.append(query.isEmpty() ? "" : "&").append(name).append('=').append(Html.url(value));
        }
    }

    private String title(RoutingContext ctx, Viewer v) throws Exception {
        String id = titleId(ctx);
        CatalogueStore.TitleRow t = catalogue.store().title(id);
        if (t == null) {
            throw ApiException.notFound("No software title " + id + " has been seen.");
        }
        int offset = Query.integer(ctx, "offset", 0, 0, 10_000_000);
        List<CatalogueStore.HolderRow> holders = catalogue.store().holders(id, PAGE + 1, offset);
        boolean more = holders.size() > PAGE;
        holders = more ? holders.subList(0, PAGE) : holders;

        StringBuilder h = new StringBuilder(Form.done(DONE, ctx));
        h.append("<dl class=\"facts\"><dt>Id</dt><dd><code>").append(esc(t.id())).append("</code></dd>")
                .append("<dt>Status</dt><dd>").append(statusBadge(t.status())).append("</dd>")
                .append("<dt>Category</dt><dd>").append(esc(t.category())).append("</dd>")
                .append("<dt>First seen</dt><dd>").append(when(t.firstSeen())).append("</dd>")
                .append("<dt>Devices holding it</dt><dd>").append(t.devices()).append("</dd>")
                .append("<dt>Reason</dt><dd>").append(esc(t.reason())).append("</dd></dl>");
        h.append("<h2>Decide</h2>").append(decisionForm(v, t, "title"))
                .append("<p><a href=\"/console/licences?title=").append(esc(Html.url(t.id())))
                .append("\">Licences for this title</a></p>");

        h.append("<h2 id=\"holders\">Devices holding it</h2><div class=\"scroll\"><table><thead><tr>")
                .append("<th scope=\"col\">Device</th><th scope=\"col\">Version</th><th scope=\"col\">Installed or first seen</th>")
                .append("</tr></thead><tbody>");
        for (CatalogueStore.HolderRow d : holders) {
            h.append("<tr><td><a href=\"/console/devices/").append(d.deviceId()).append("\">")
                    .append(esc(d.hostname() == null ? d.deviceId().toString() : d.hostname())).append("</a></td><td>")
                    .append(esc(d.version())).append("</td><td>").append(when(d.since())).append("</td></tr>");
        }
        if (holders.isEmpty()) {
            h.append("<tr><td colspan=\"3\">No device holds it now.</td></tr>");
        }
        h.append("</tbody></table></div>")
                .append(Layout.pagerMore(CATALOGUE + "/" + Html.url(id), "", offset, PAGE, holders.size(), more));

        List<CatalogueStore.DecisionRow> history = catalogue.store().history(id);
        h.append("<h2 id=\"history\">Decision history</h2><div class=\"scroll\"><table><thead><tr>")
                .append("<th scope=\"col\">When</th><th scope=\"col\">By</th><th scope=\"col\">From</th>")
                .append("<th scope=\"col\">To</th><th scope=\"col\">Category</th><th scope=\"col\">Reason</th></tr></thead><tbody>");
        Actors.Names names = console.actors().names(history.stream().map(CatalogueStore.DecisionRow::decidedBy).toList());
        for (CatalogueStore.DecisionRow d : history) {
            h.append("<tr><td>").append(when(d.decidedAt())).append("</td><td>").append(esc(names.of(d.decidedBy())))
                    .append("</td><td>").append(esc(d.previous())).append("</td><td>").append(statusBadge(d.status()))
                    .append("</td><td>").append(esc(d.category())).append("</td><td>").append(esc(d.reason()))
                    .append("</td></tr>");
        }
        if (history.isEmpty()) {
            h.append("<tr><td colspan=\"6\">Nobody has decided on this title yet.</td></tr>");
        }
        h.append("</tbody></table></div><p>The newest 200 decisions are shown.</p>");
        return Layout.page(t.name(), v, console.navFor(v.role()), CATALOGUE, h.toString());
    }

    private static String titleId(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (id == null || id.length() > 160 || !id.matches("[a-z0-9][a-z0-9-]*")) {
            throw ApiException.badRequest("id: a title id is lower-case letters, digits and hyphens");
        }
        return id;
    }

    private String decide(RoutingContext ctx, Viewer v, MultiMap form) throws Exception {
        String id = titleId(ctx);
        software.decide(id, new SoftwareService.DecisionRequest(form.get("status"), form.get("category"),
                form.get("reason")), v.principal().id());
        return "review".equals(form.get("back")) ? REVIEW + "?done=decided"
                : CATALOGUE + "/" + Html.url(id) + "?done=decided";
    }
}
