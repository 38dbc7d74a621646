package io.rollcall.collector.console;

import static io.rollcall.collector.console.Html.badge;
import static io.rollcall.collector.console.Html.esc;
import static io.rollcall.collector.console.Html.when;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.assets.Asset;
import io.rollcall.collector.assets.AssetService;
import io.rollcall.collector.assets.AssetStore;
import io.rollcall.collector.assets.Fields;
import io.rollcall.collector.http.ApiException;
import io.rollcall.collector.http.Query;
import io.rollcall.collector.http.Role;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;

/**
 * The asset register for business managers: the list (filters, search, pages of 50), the add form,
 * and one asset's page with its linked device, current loan, status history and status change form.
 * Calls {@link AssetService} as the API does, with the API's field checks.
 */
public final class AssetPages implements ConsoleModule {
    static final int PAGE = 50;
    private static final Map<String, String> DONE = Map.of("added", "Asset added to the register.",
            "status", "Status changed.");

    private final AssetService assets;
    private ConsoleRouter console;

    public AssetPages(AssetService assets) {
        this.assets = assets;
    }

    @Override
    public void mount(ConsoleRouter console) {
        this.console = console;
        console.nav("Assets", "/console/assets", Role.BUSINESS_MANAGERS);
        console.page("/console/assets", Role.BUSINESS_MANAGERS, this::list);
        console.page("/console/assets/new", Role.BUSINESS_MANAGERS, this::addForm);
        console.action("/console/assets", Role.BUSINESS_MANAGERS, this::add);
        console.page("/console/assets/:tag", Role.BUSINESS_MANAGERS, this::asset);
        console.action("/console/assets/:tag/status", Role.BUSINESS_MANAGERS, this::setStatus);
    }

    static String statusBadge(String status) {
        String cls = switch (status) {
            case "in-stock" -> "ok";
            case "on-loan", "repair" -> "warn";
            case "lost", "stolen" -> "bad";
            default -> "unknown";
        };
        return badge(cls, status);
    }

    static String compliance(Boolean compliant, int openFindings) {
        if (compliant == null) {
            return badge("unknown", "not yet known");
        }
        return compliant ? badge("ok", "compliant") : badge("bad", "not compliant") + " " + openFindings + " open findings";
    }

    private static String oneOf(RoutingContext ctx, String name, java.util.Set<String> allowed) {
        String v = Query.text(ctx, name, 16);
        if (v != null && !allowed.contains(v)) {
            throw ApiException.badRequest(name + ": was '" + v + "', must be one of " + allowed.stream().sorted().toList());
        }
        return v;
    }

    private String list(RoutingContext ctx, Viewer v) throws Exception {
        String status = oneOf(ctx, "status", Asset.STATUSES);
        String type = oneOf(ctx, "type", Asset.TYPES);
        String q = Query.text(ctx, "q", 128);
        int offset = Query.integer(ctx, "offset", 0, 0, 10_000_000);
        List<Map<String, Object>> rows = assets.list(status, type, q, PAGE + 1, offset);
        boolean more = rows.size() > PAGE;
        rows = more ? rows.subList(0, PAGE) : rows;

        StringBuilder h = new StringBuilder("<p><a class=\"button\" href=\"/console/assets/new\">Add an asset</a></p>");
        h.append("<form class=\"filters\" method=\"get\" action=\"/console/assets\" role=\"search\">")
                .append(Form.select("status", "status", "Status", status, "", "Any", "in-stock", "In stock", "on-loan",
                        "On loan", "repair", "Repair", "lost", "Lost", "stolen", "Stolen", "disposed", "Disposed"))
                .append(Form.select("type", "type", "Type", type, "", "Any", "laptop", "Laptop", "tablet", "Tablet",
                        "camera", "Camera", "phone", "Phone", "other", "Other"))
                .append(Form.input("q", "q", "Tag, serial or model", "search", q, "maxlength=\"128\""))
                .append("<button type=\"submit\">Filter</button></form>");
        h.append("<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Tag</th><th scope=\"col\">Type</th>")
                .append("<th scope=\"col\">Make and model</th><th scope=\"col\">Serial</th><th scope=\"col\">Status</th>")
                .append("<th scope=\"col\">Device last report</th><th scope=\"col\">Compliance</th></tr></thead><tbody>");
        for (Map<String, Object> a : rows) {
            Asset.LinkedDevice d = (Asset.LinkedDevice) a.get("device");
            h.append("<tr><td><a href=\"/console/assets/").append(esc(Html.url((String) a.get("tag")))).append("\">")
                    .append(esc(a.get("tag"))).append("</a></td><td>").append(esc(a.get("type"))).append("</td><td>")
                    .append(esc(a.get("make"))).append(' ').append(esc(a.get("model"))).append("</td><td>")
                    .append(esc(a.get("serial"))).append("</td><td>").append(statusBadge((String) a.get("status")))
                    .append("</td><td>").append(d == null ? "—" : when(d.lastReportAt())).append("</td><td>")
                    .append(d == null ? "—" : compliance(d.compliant(), d.openFindings()))
                    .append(((List<?>) a.get("serialConflict")).isEmpty() ? "" : " " + badge("bad", "serial conflict"))
                    .append("</td></tr>");
        }
        if (rows.isEmpty()) {
            h.append("<tr><td colspan=\"7\">No assets match.</td></tr>");
        }
        h.append("</tbody></table></div>");
        String query = (status == null ? "" : "status=" + Html.url(status) + "&") + (type == null ? "" : "type=" + Html.url(type) + "&")
                + (q == null ? "" : "q=" + Html.url(q) + "&");
        h.append(Layout.pagerMore("/console/assets", query.isEmpty() ? "" : query.substring(0, query.length() - 1),
                offset, PAGE, rows.size(), more));
        return Layout.page("Assets", v, console.navFor(v.role()), "/console/assets", h.toString());
    }

    private String addForm(RoutingContext ctx, Viewer v) {
        String h = Form.open("/console/assets", "stack", v.csrf())
                + Form.input("tag", "tag", "Asset tag (letters, digits, . _ -)", "text", "",
                "required maxlength=\"64\" pattern=\"[A-Za-z0-9][A-Za-z0-9._\\-]*\"")
                + Form.select("type", "type", "Type", "laptop", "laptop", "Laptop", "tablet", "Tablet", "camera", "Camera",
                "phone", "Phone", "other", "Other")
                + Form.input("make", "make", "Make", "text", "", "maxlength=\"128\"")
                + Form.input("model", "model", "Model", "text", "", "maxlength=\"128\"")
                + Form.input("serial", "serial", "Serial number (links a laptop or tablet to its agent)", "text", "",
                "maxlength=\"256\"")
                + Form.input("purchasedOn", "purchasedOn", "Purchased on", "date", "", "")
                + Form.input("cost", "cost", "Cost (e.g. 799.00)", "text", "", "inputmode=\"decimal\" maxlength=\"14\"")
                + "<button type=\"submit\">Add to the register</button></form>";
        return Layout.page("Add an asset", v, console.navFor(v.role()), "/console/assets", h);
    }

    private String add(RoutingContext ctx, Viewer v, MultiMap form) throws Exception {
        JsonNode b = Form.json(form);
        String tag = Fields.text(b, "tag", 64, true);
        if (!tag.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw ApiException.badRequest("tag: was '" + tag + "', may hold only letters, digits, '.', '_' and '-'");
        }
        Asset draft = new Asset(tag, Fields.oneOf(b, "type", Asset.TYPES, null), Fields.text(b, "make", 128, false),
                Fields.text(b, "model", 128, false), Fields.text(b, "serial", 256, false), Fields.date(b, "purchasedOn"),
                Fields.money(b, "cost"), "in-stock", null, null);
        assets.create(draft, v.principal().id());
        return "/console/assets/" + Html.url(tag) + "?done=added";
    }

    private String setStatus(RoutingContext ctx, Viewer v, MultiMap form) throws Exception {
        String tag = Fields.clean("tag", ctx.pathParam("tag"), 64, true);
        JsonNode b = Form.json(form);
        assets.setStatus(tag, Fields.oneOf(b, "status", Asset.SETTABLE, null), Fields.text(b, "note", 512, false),
                v.principal().id());
        return "/console/assets/" + Html.url(tag) + "?done=status";
    }

    @SuppressWarnings("unchecked")
    private String asset(RoutingContext ctx, Viewer v) throws Exception {
        String tag = Fields.clean("tag", ctx.pathParam("tag"), 64, true);
        Map<String, Object> a = assets.get(tag);
        String status = (String) a.get("status");
        StringBuilder h = new StringBuilder(Form.done(DONE, ctx));
        h.append("<dl class=\"facts\"><dt>Status</dt><dd>").append(statusBadge(status)).append("</dd>")
                .append("<dt>Type</dt><dd>").append(esc(a.get("type"))).append("</dd>")
                .append("<dt>Make and model</dt><dd>").append(esc(a.get("make"))).append(' ').append(esc(a.get("model")))
                .append("</dd><dt>Serial</dt><dd>").append(esc(a.get("serial"))).append("</dd>")
                .append("<dt>Purchased on</dt><dd>").append(esc(a.get("purchasedOn"))).append("</dd>")
                .append("<dt>Cost</dt><dd>").append(a.get("cost") == null ? "" : esc(((java.math.BigDecimal) a.get("cost")).toPlainString()))
                .append("</dd></dl>");

        h.append("<h2>Linked device</h2>");
        Asset.LinkedDevice d = (Asset.LinkedDevice) a.get("device");
        if (d == null) {
            h.append("<p>").append("laptop".equals(a.get("type")) || "tablet".equals(a.get("type"))
                    ? "No enrolled device has this serial number yet." : "This kind of asset carries no agent.").append("</p>");
        } else {
            h.append("<dl class=\"facts\"><dt>Host name</dt><dd>").append(esc(d.hostname())).append("</dd>")
                    .append("<dt>Last report</dt><dd>").append(when(d.lastReportAt())).append("</dd>")
                    .append("<dt>Compliance</dt><dd>").append(compliance(d.compliant(), d.openFindings())).append("</dd></dl>");
        }
        @SuppressWarnings("unchecked")
        List<java.util.UUID> conflict = (List<java.util.UUID>) a.get("serialConflict");
        if (conflict != null && !conflict.isEmpty()) {
            // two agents claiming one serial: a copied identity or a replaced board; a technician decides, not the newest
            h.append("<div class=\"notice\" role=\"alert\" id=\"serial-conflict\"><p>").append(badge("bad", "serial conflict"))
                    .append(' ').append(conflict.size()).append(" enrolled devices report this serial number. The asset stays ")
                    .append("linked to the first one enrolled; ask a technician to check the others.</p><ul>");
            for (java.util.UUID id : conflict) {
                h.append("<li><code>").append(id).append("</code></li>");
            }
            h.append("</ul></div>");
        }

        h.append("<h2>Current loan</h2>");
        AssetStore.CurrentLoan loan = (AssetStore.CurrentLoan) a.get("currentLoan");
        if (loan != null) {
            h.append("<p>Lent to ").append(esc(loan.name())).append(" (").append(esc(loan.staffId())).append(") on ")
                    .append(when(loan.outAt())).append(", due ").append(when(loan.dueAt())).append(". <a href=\"/console/loans/")
                    .append(loan.loanId()).append("\">Open the loan</a> to record its return or report it lost or stolen.</p>");
        } else if (status.equals("in-stock")) {
            h.append("<p>Not on loan. <a class=\"button\" href=\"/console/loans/new?tag=").append(esc(Html.url(tag)))
                    .append("\">Lend this asset</a></p>");
        } else {
            h.append("<p>Not on loan.</p>");
        }

        if (!status.equals("on-loan")) {
            h.append("<h2>Change status</h2>").append(Form.open("/console/assets/" + Html.url(tag) + "/status", "filters", v.csrf()))
                    .append(Form.select("new-status", "status", "New status", status, "in-stock", "In stock", "repair",
                            "Repair", "lost", "Lost", "stolen", "Stolen", "disposed", "Disposed"))
                    .append(Form.input("status-note", "note", "Note", "text", "", "maxlength=\"512\""))
                    .append("<button type=\"submit\">Change status</button></form>");
        }

        List<Asset.Change> history = (List<Asset.Change>) a.get("history");
        int offset = Query.integer(ctx, "offset", 0, 0, 10_000_000);
        List<Asset.Change> shown = history.subList(Math.min(offset, history.size()), Math.min(history.size(), offset + PAGE));
        h.append("<h2>Status history</h2><div class=\"scroll\"><table><thead><tr><th scope=\"col\">When</th>")
                .append("<th scope=\"col\">From</th><th scope=\"col\">To</th><th scope=\"col\">By</th><th scope=\"col\">Note</th>")
                .append("</tr></thead><tbody>");
        Actors.Names names = console.actors().names(shown.stream().map(Asset.Change::actor).toList());
        for (Asset.Change c : shown) {
            h.append("<tr><td>").append(when(c.at())).append("</td><td>").append(esc(c.fromStatus())).append("</td><td>")
                    .append(esc(c.toStatus())).append("</td><td>").append(esc(names.of(c.actor()))).append("</td><td>")
                    .append(esc(c.note())).append("</td></tr>");
        }
        h.append("</tbody></table></div>").append(Layout.pager("/console/assets/" + Html.url(tag), "", history.size(), PAGE, offset));
        return Layout.page("Asset " + tag, v, console.navFor(v.role()), "/console/assets", h.toString());
    }
}
