package io.rollcall.collector.console;

import static io.rollcall.collector.console.Html.esc;
import static io.rollcall.collector.console.Html.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rollcall.collector.assets.Fields;
import io.rollcall.collector.desk.DeskHandlers;
import io.rollcall.collector.http.Query;
import io.rollcall.collector.http.Role;
import io.rollcall.collector.loans.BatchLoans;
import io.rollcall.collector.people.PeopleService;
import io.rollcall.collector.people.PeopleStore;
import io.rollcall.collector.sets.AssetSet;
import io.rollcall.collector.sets.SetService;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The desk: lending a run of scanned assets to one borrower, the batch's page (one acknowledgement, one receipt),
 * and returns by scanning with a condition per item. A USB scanner types the tag and Enter into the scan field;
 * {@code /console/static/desk.js} checks each scan at once through {@code GET /api/v1/desk/check} and adds it to
 * the form. Nothing changes until the batch is confirmed, and then all of it or none of it does.
 */
public final class DeskPages implements ConsoleModule {
    private static final Map<String, String> DONE = Map.of("lent", "Lent. Ask the borrower to acknowledge the terms below.",
            "ack", "Acknowledged for the whole batch.");
    private static final int PICKER = 500;

    private final BatchLoans batches;
    private final PeopleService people;
    private final SetService sets;
    private ConsoleRouter console;

    public DeskPages(BatchLoans batches, PeopleService people, SetService sets) {
        this.batches = batches;
        this.people = people;
        this.sets = sets;
    }

    @Override
    public void mount(ConsoleRouter console) {
        this.console = console;
        console.nav("Desk: lend", "/console/desk/lend", Role.BUSINESS_MANAGERS);
        console.nav("Desk: returns", "/console/desk/return", Role.BUSINESS_MANAGERS);
        console.page("/console/desk/lend", Role.BUSINESS_MANAGERS, this::lendPage);
        console.action("/console/desk/lend", Role.BUSINESS_MANAGERS, this::lend);
        console.page("/console/desk/return", Role.BUSINESS_MANAGERS, this::returnPage);
        console.formPage("/console/desk/return", Role.BUSINESS_MANAGERS, 256 * 1024, this::returned);
        console.page("/console/desk/batches/:id", Role.BUSINESS_MANAGERS, this::batch);
        console.action("/console/desk/batches/:id/acknowledge", Role.BUSINESS_MANAGERS, this::acknowledge);
    }

    /** The scan field, the live status line and the table scans go into; {@code extra} heads the extra columns. */
    private static String scanner(String extra) {
        return "<label for=\"scan\">Scan a label, or type a tag and press Enter"
                + "<input id=\"scan\" type=\"text\" autocomplete=\"off\" autocapitalize=\"off\" spellcheck=\"false\""
                + " maxlength=\"64\" aria-describedby=\"scan-status\"></label>"
                + "<p id=\"scan-status\" role=\"status\" aria-live=\"polite\"></p>"
                + "<div class=\"scroll\"><table id=\"scanned\"><caption><span id=\"scan-count\">0</span> ready"
                + "</caption><thead><tr><th scope=\"col\">Tag</th><th scope=\"col\">What</th>"
                + "<th scope=\"col\">Can it go?</th>" + extra + "<th scope=\"col\"><span class=\"sr-only\">Remove</span>"
                + "</th></tr></thead><tbody></tbody></table></div>"
                + "<noscript><p class=\"error\">Scanning needs JavaScript; use the single lend and return forms instead."
                + "</p></noscript>";
    }

    private String lendPage(RoutingContext ctx, Viewer v) throws Exception {
        String setRef = Query.text(ctx, "set", 64);
        AssetSet set = setRef == null ? null : sets.find(setRef);
        String due = batches.clockNow().atZone(java.time.ZoneOffset.UTC).toLocalDate().plusDays(7).toString();
        StringBuilder h = new StringBuilder("<p>Choose the borrower, then scan each asset. Each scan is checked at once;"
                + " nothing is lent until you confirm, and then one acknowledgement and one receipt cover the batch.</p>");
        h.append("<form method=\"post\" action=\"/console/desk/lend\" class=\"stack desk wide\" data-desk=\"lend\"");
        if (set != null) {
            h.append(" data-prefill=\"").append(esc(String.join(" ", sets.members(set.id())))).append('"');
        }
        h.append('>').append(Html.csrfField(v.csrf()));
        if (set != null) {
            h.append("<input type=\"hidden\" name=\"setId\" value=\"").append(esc(set.id())).append("\">")
                    .append("<p>Lending the set <strong>").append(esc(set.name())).append("</strong>: its members are"
                            + " listed below; scan any others to add them.</p>");
        }
        h.append(Form.input("staffId", "staffId", "Borrower's staff id (type to pick)", "text", "",
                        "required maxlength=\"64\" list=\"staff\" autocomplete=\"off\""))
                .append("<datalist id=\"staff\">");
        for (PeopleStore.Listed p : people.list("active", null, null, PICKER, 0)) {
            h.append("<option value=\"").append(esc(p.staffId())).append("\">").append(esc(p.name()))
                    .append(p.department() == null ? "" : " · " + esc(p.department())).append("</option>");
        }
        h.append("</datalist>")
                .append(Form.input("dueAt", "dueAt", "Due back by (end of day, UTC)", "date", due, "required"))
                .append(Form.input("conditionOut", "conditionOut", "Condition going out (all items)", "text", "good",
                        "maxlength=\"512\""))
                .append(scanner(""))
                .append("<button type=\"submit\" id=\"confirm\">Lend these to the borrower</button></form>")
                .append("<script src=\"/console/static/desk.js\" defer></script>");
        return Layout.page("Lend at the desk", v, console.navFor(v.role()), "/console/desk/lend", h.toString());
    }

    private String lend(RoutingContext ctx, Viewer v, MultiMap form) throws Exception {
        JsonNode b = Form.json(form);
        UUID person = people.byStaffId(Fields.text(b, "staffId", 64, true)).id();
        Instant due = Fields.instant(b, "dueAt", true);
        String condition = Fields.text(b, "conditionOut", 512, false);
        String set = Fields.text(b, "setId", 36, false);
        ArrayNode tags = JsonNodeFactory.instance.arrayNode();
        form.getAll("tag").forEach(tags::add);
        List<String> list = DeskHandlers.tags(JsonNodeFactory.instance.objectNode().set("tags", tags));
        Map<String, Object> batch = batches.lend(list, person, due, condition, set == null ? null : Query.uuid("setId", set),
                v.principal().id());
        return "/console/desk/batches/" + batch.get("id") + "?done=lent";
    }

    private String returnPage(RoutingContext ctx, Viewer v) throws Exception {
        StringBuilder h = new StringBuilder("<p>Scan each asset handed back. Items come back in the condition below"
                + " unless you note otherwise on the item; an item marked damaged goes to repair.</p>");
        h.append("<form method=\"post\" action=\"/console/desk/return\" class=\"stack desk wide\" data-desk=\"return\">")
                .append(Html.csrfField(v.csrf()))
                .append(Form.input("receivedBy", "receivedBy", "Received by", "text", v.principal().name(),
                        "maxlength=\"256\""))
                .append(Form.input("conditionIn", "conditionIn", "Condition of the items (unless noted)", "text", "good",
                        "maxlength=\"512\""))
                .append(scanner("<th scope=\"col\">Condition</th><th scope=\"col\">Damaged</th>"))
                .append("<button type=\"submit\" id=\"confirm\">Record these returns</button></form>")
                .append("<script src=\"/console/static/desk.js\" defer></script>");
        return Layout.page("Returns at the desk", v, console.navFor(v.role()), "/console/desk/return", h.toString());
    }

    @SuppressWarnings("unchecked")
    private String returned(RoutingContext ctx, Viewer v, MultiMap form) throws Exception {
        List<String> damaged = form.getAll("damaged");
        ObjectNode b = JsonNodeFactory.instance.objectNode();
        String dflt = form.get("conditionIn");
        if (dflt != null && !dflt.isBlank()) {
            b.put("conditionIn", dflt);
        }
        ArrayNode items = b.putArray("items");
        for (String tag : form.getAll("tag")) {
            ObjectNode i = items.addObject();
            i.put("tag", tag);
            String c = form.get("condition." + tag);
            if (c != null && !c.isBlank()) {
                i.put("conditionIn", c);
            }
            i.put("damaged", damaged.contains(tag));
        }
        String receivedBy = Fields.text(Form.json(form), "receivedBy", 256, false);
        Map<String, Object> r = batches.returnItems(DeskHandlers.items(b),
                receivedBy == null ? v.principal().name() : receivedBy, v.principal().id());
        List<Map<String, Object>> back = (List<Map<String, Object>>) r.get("returned");
        StringBuilder h = new StringBuilder("<p class=\"notice\" role=\"status\">Recorded " + back.size()
                + (back.size() == 1 ? " return" : " returns") + ".</p>");
        for (Map<String, Object> p : (List<Map<String, Object>>) r.get("batches")) {
            Map<String, Object> set = (Map<String, Object>) p.get("set");
            List<String> out = (List<String>) p.get("stillOut");
            h.append("<p>").append(set == null ? "Batch" : "Set <a href=\"/console/sets/" + esc(set.get("id")) + "\">"
                            + esc(set.get("name")) + "</a>").append(" lent to ").append(esc(p.get("borrower")))
                    .append(": <strong>").append(p.get("back")).append(" of ").append(p.get("items"))
                    .append(" back</strong>").append(out.isEmpty() ? "" : "; still out: " + esc(String.join(", ", out)))
                    .append(". <a href=\"/console/desk/batches/").append(esc(p.get("id"))).append("\">The batch</a></p>");
        }
        h.append("<div class=\"scroll\"><table><thead><tr><th>Tag</th><th>Borrower</th><th>Condition</th><th>Now</th>"
                + "</tr></thead><tbody>");
        for (Map<String, Object> i : back) {
            h.append("<tr><td>").append(esc(i.get("tag"))).append("</td><td>").append(esc(i.get("borrower")))
                    .append("</td><td>").append(esc(i.get("conditionIn"))).append("</td><td>")
                    .append(Boolean.TRUE.equals(i.get("damaged")) ? Html.badge("bad", "damaged: to repair")
                            : Html.badge("ok", "in stock")).append("</td></tr>");
        }
        h.append("</tbody></table></div><p><a href=\"/console/desk/return\">Scan more returns</a></p>");
        return Layout.page("Returns recorded", v, console.navFor(v.role()), "/console/desk/return", h.toString());
    }

    @SuppressWarnings("unchecked")
    private String batch(RoutingContext ctx, Viewer v) throws Exception {
        UUID id = Query.uuid("id", ctx.pathParam("id"));
        Map<String, Object> b = batches.get(id);
        Map<String, Object> who = (Map<String, Object>) b.get("borrower");
        Map<String, Object> set = (Map<String, Object>) b.get("set");
        Map<String, Object> ack = (Map<String, Object>) b.get("acknowledgement");
        List<Map<String, Object>> items = (List<Map<String, Object>>) b.get("items");
        int count = (Integer) b.get("count");
        int open = (Integer) b.get("out");
        StringBuilder h = new StringBuilder(Form.done(DONE, ctx));
        h.append("<dl class=\"facts\"><dt>Borrower</dt><dd>").append(esc(who.get("name"))).append(" (")
                .append(esc(who.get("staffId"))).append(")</dd>");
        if (set != null) {
            h.append("<dt>Set</dt><dd><a href=\"/console/sets/").append(esc(set.get("id"))).append("\">")
                    .append(esc(set.get("name"))).append("</a></dd>");
        }
        h.append("<dt>Lent</dt><dd>").append(when((Instant) b.get("createdAt"))).append("</dd>")
                .append("<dt>Due back</dt><dd>").append(items.isEmpty() ? "" : when((Instant) items.get(0).get("dueAt")))
                .append("</dd><dt>Back</dt><dd>").append(count - open).append(" of ").append(count).append("</dd>")
                .append("<dt>Acknowledged</dt><dd>").append(ack == null ? "not yet"
                        : esc(ack.get("typedName")) + " on " + when((Instant) ack.get("at"))).append("</dd></dl>");
        h.append("<p><a class=\"button\" href=\"/api/v1/loans/batches/").append(esc(id))
                .append("/receipt\">Download the receipt (PDF)</a></p>");
        boolean waiting = items.stream().anyMatch(i -> i.get("closedAt") == null && i.get("acknowledgement") == null);
        if (waiting) {
            h.append("<h2>Borrower's acknowledgement</h2><blockquote class=\"terms\">")
                    .append(esc(batches.termsText(id))).append("</blockquote>")
                    .append(Form.open("/console/desk/batches/" + id + "/acknowledge", "stack", v.csrf()))
                    .append(Form.input("typedName", "typedName", "Borrower types their full name to accept the terms"
                            + " for all " + open + " items", "text", "", "required maxlength=\"256\""))
                    .append("<button type=\"submit\">Acknowledge</button></form>");
        }
        h.append("<h2>Items</h2><div class=\"scroll\"><table><thead><tr><th>Tag</th><th>What</th><th>State</th>"
                + "<th>Condition</th><th>Last report</th></tr></thead><tbody>");
        for (Map<String, Object> i : items) {
            Map<String, Object> a = (Map<String, Object>) i.get("asset");
            Map<String, Object> d = (Map<String, Object>) i.get("device");
            String state = (String) i.get("state");
            h.append("<tr><td><a href=\"/console/loans/").append(esc(i.get("id"))).append("\">").append(esc(a.get("tag")))
                    .append("</a></td><td>").append(esc(a.get("type"))).append(' ').append(esc(a.get("model")))
                    .append("</td><td>").append(Html.badge(state.equals("returned") ? "ok"
                            : state.equals("overdue") ? "bad" : "warn", state)).append("</td><td>")
                    .append(esc(i.get("conditionIn") != null ? "in: " + i.get("conditionIn") : "out: " + nz(i.get("conditionOut"))))
                    .append("</td><td>").append(d == null ? "<span class=\"muted\">no agent</span>"
                            : when((Instant) d.get("lastReportAt"))).append("</td></tr>");
        }
        h.append("</tbody></table></div>");
        return Layout.page("Loan batch", v, console.navFor(v.role()), "/console/desk/lend", h.toString());
    }

    private static String nz(Object o) {
        return o == null ? "-" : o.toString();
    }

    private String acknowledge(RoutingContext ctx, Viewer v, MultiMap form) throws Exception {
        UUID id = Query.uuid("id", ctx.pathParam("id"));
        batches.acknowledge(id, Fields.text(Form.json(form), "typedName", 256, true));
        return "/console/desk/batches/" + id + "?done=ack";
    }
}
