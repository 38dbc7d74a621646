package io.rollcall.collector.console;

import static io.rollcall.collector.console.Html.esc;
import static io.rollcall.collector.console.Html.when;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.http.Query;
import io.rollcall.collector.http.Role;
import io.rollcall.collector.labels.LabelHandlers;
import io.rollcall.collector.sets.AssetSet;
import io.rollcall.collector.sets.SetHandlers;
import io.rollcall.collector.sets.SetService;
import io.rollcall.collector.sets.SetStore;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Sets (a laptop trolley, a camera kit): the list with a form to make one, and a set's page: what is in and out,
 * with whom, the latest lending's progress ("28 of 30 back"), the laptops that have stopped reporting with their
 * last report, and forms to add and remove members. Lending and returns happen at the desk ({@link DeskPages}).
 */
public final class SetPages implements ConsoleModule {
    private static final Map<String, String> DONE = Map.of("created", "Set created.", "added", "Added.",
            "removed", "Removed from the set.");

    private final SetService sets;
    private ConsoleRouter console;

    public SetPages(SetService sets) {
        this.sets = sets;
    }

    @Override
    public void mount(ConsoleRouter console) {
        this.console = console;
        console.nav("Sets", "/console/sets", Role.BUSINESS_MANAGERS);
        console.page("/console/sets", Role.BUSINESS_MANAGERS, this::list);
        console.action("/console/sets", Role.BUSINESS_MANAGERS, this::create);
        console.page("/console/sets/:id", Role.BUSINESS_MANAGERS, this::set);
        console.action("/console/sets/:id/members", Role.BUSINESS_MANAGERS, this::add);
        console.action("/console/sets/:id/members/remove", Role.BUSINESS_MANAGERS, this::remove);
        console.action("/console/sets/:id/delete", Role.BUSINESS_MANAGERS, this::delete);
    }

    private String list(RoutingContext ctx, Viewer v) throws Exception {
        StringBuilder h = new StringBuilder();
        List<SetStore.Listed> all = sets.list(500, 0);
        if (all.isEmpty()) {
            h.append("<p class=\"message\">No sets yet. A set is a trolley or kit of assets lent and returned as one.</p>");
        } else {
            h.append("<div class=\"scroll\"><table><thead><tr><th>Set</th><th>Kind</th><th>Where it lives</th>"
                    + "<th>Assets</th><th>Out now</th></tr></thead><tbody>");
            for (SetStore.Listed s : all) {
                h.append("<tr><td><a href=\"/console/sets/").append(esc(s.set().id())).append("\">")
                        .append(esc(s.set().name())).append("</a></td><td>").append(esc(s.set().kind())).append("</td><td>")
                        .append(esc(s.set().location())).append("</td><td>").append(s.members()).append("</td><td>")
                        .append(s.out()).append("</td></tr>");
            }
            h.append("</tbody></table></div>");
        }
        h.append("<h2>New set</h2>").append(Form.open("/console/sets", "stack", v.csrf()))
                .append(Form.input("name", "name", "Name", "text", "", "required maxlength=\"128\""))
                .append(Form.select("kind", "kind", "Kind", "trolley", "trolley", "Laptop trolley", "kit", "Kit",
                        "other", "Other"))
                .append(Form.input("location", "location", "Where it lives (optional)", "text", "", "maxlength=\"128\""))
                .append(Form.textarea("tags", "tags", "Asset tags (scan or type, one per line)", "", 6, ""))
                .append("<button type=\"submit\">Create set</button></form>");
        return Layout.page("Sets", v, console.navFor(v.role()), "/console/sets", h.toString());
    }

    private String create(RoutingContext ctx, Viewer v, MultiMap form) throws Exception {
        JsonNode b = Form.json(form);
        SetHandlers.Draft d = SetHandlers.Draft.of(b);
        AssetSet s = sets.create(d.name(), d.kind(), d.location(), LabelHandlers.parseTags("tags", form.get("tags")));
        return "/console/sets/" + s.id() + "?done=created";
    }

    private static UUID id(RoutingContext ctx) {
        return Query.uuid("id", ctx.pathParam("id"));
    }

    @SuppressWarnings("unchecked")
    private String set(RoutingContext ctx, Viewer v) throws Exception {
        UUID id = id(ctx);
        Map<String, Object> s = sets.view(id);
        List<Map<String, Object>> items = (List<Map<String, Object>>) s.get("items");
        Map<String, Integer> counts = (Map<String, Integer>) s.get("counts");
        Map<String, Object> latest = (Map<String, Object>) s.get("latestLoan");
        List<String> stopped = (List<String>) s.get("stoppedReporting");
        String base = "/console/sets/" + id;
        StringBuilder h = new StringBuilder(Form.done(DONE, ctx));
        h.append("<p>").append(esc(s.get("kind"))).append(s.get("location") == null ? "" : " · lives in "
                + esc(s.get("location"))).append(" · ").append(items.size()).append(" assets");
        for (var e : counts.entrySet()) {
            h.append(" · ").append(e.getValue()).append(' ').append(esc(e.getKey()));
        }
        h.append("</p><p><a class=\"button\" href=\"/console/desk/lend?set=").append(esc(id))
                .append("\">Lend this set at the desk</a> <a class=\"button\" href=\"/console/desk/return\">Take returns</a>"
                        + " <a href=\"/api/v1/labels.pdf?set=").append(esc(id)).append("\">Print its labels (PDF)</a></p>");
        if (latest != null) {
            List<String> out = (List<String>) latest.get("stillOut");
            h.append("<section id=\"latest\" aria-labelledby=\"latest-h\"><h2 id=\"latest-h\">Latest loan</h2><p>Lent to ")
                    .append(esc(latest.get("borrower"))).append(": <strong>").append(latest.get("back")).append(" of ")
                    .append(latest.get("items")).append(" back</strong>")
                    .append(out.isEmpty() ? "." : "; still out: " + esc(String.join(", ", out)) + ".")
                    .append(" <a href=\"/console/desk/batches/").append(esc(latest.get("id")))
                    .append("\">The batch and its receipt</a></p></section>");
        }
        h.append("<section id=\"stopped\" aria-labelledby=\"stopped-h\"><h2 id=\"stopped-h\">Stopped reporting</h2>");
        if (stopped.isEmpty()) {
            h.append("<p>Every laptop and tablet in this set has reported within ").append(s.get("silentDays"))
                    .append(" days.</p>");
        } else {
            h.append("<p>No report for more than ").append(s.get("silentDays")).append(" days:</p><ul>");
            for (Map<String, Object> i : items) {
                if (stopped.contains(i.get("tag"))) {
                    Map<String, Object> d = (Map<String, Object>) i.get("device");
                    Map<String, Object> loan = (Map<String, Object>) i.get("loan");
                    h.append("<li><strong>").append(esc(i.get("tag"))).append("</strong>: last report ")
                            .append(when((Instant) d.get("lastReportAt")))
                            .append(loan == null ? " (" + esc(i.get("status")) + ")" : ", with " + esc(loan.get("borrower")))
                            .append("</li>");
                }
            }
            h.append("</ul>");
        }
        h.append("</section><h2>Assets</h2><div class=\"scroll\"><table id=\"members\"><thead><tr><th>Tag</th>"
                + "<th>What</th><th>Status</th><th>With whom</th><th>Last report</th><th><span class=\"sr-only\">Remove"
                + "</span></th></tr></thead><tbody>");
        for (Map<String, Object> i : items) {
            Map<String, Object> loan = (Map<String, Object>) i.get("loan");
            Map<String, Object> d = (Map<String, Object>) i.get("device");
            String status = (String) i.get("status");
            h.append("<tr data-tag=\"").append(esc(i.get("tag"))).append("\"><td><a href=\"/console/assets/")
                    .append(esc(i.get("tag"))).append("\">").append(esc(i.get("tag"))).append("</a></td><td>")
                    .append(esc(i.get("type"))).append(' ').append(esc(i.get("model"))).append("</td><td>")
                    .append(Html.badge(status.equals("in-stock") ? "ok" : status.equals("on-loan") ? "warn" : "bad", status))
                    .append("</td><td>");
            if (loan != null) {
                h.append(esc(loan.get("borrower"))).append(", due ").append(when((Instant) loan.get("dueAt")))
                        .append(Boolean.TRUE.equals(loan.get("overdue")) ? " " + Html.badge("bad", "overdue") : "");
            }
            h.append("</td><td>");
            if (d == null) {
                h.append("<span class=\"muted\">").append(i.get("type").equals("laptop") || i.get("type").equals("tablet")
                        ? "no device linked" : "no agent").append("</span>");
            } else {
                h.append(when((Instant) d.get("lastReportAt")))
                        .append(Boolean.TRUE.equals(d.get("stoppedReporting")) ? " " + Html.badge("bad", "stopped reporting") : "");
            }
            h.append("</td><td>").append(Form.open(base + "/members/remove", "inline", v.csrf()))
                    .append("<input type=\"hidden\" name=\"tag\" value=\"").append(esc(i.get("tag"))).append("\">")
                    .append("<button type=\"submit\" aria-label=\"Remove ").append(esc(i.get("tag")))
                    .append(" from the set\">Remove</button></form></td></tr>");
        }
        h.append("</tbody></table></div><h2>Add assets</h2>").append(Form.open(base + "/members", "stack", v.csrf()))
                .append(Form.textarea("tags", "tags", "Asset tags (scan or type, one per line)", "", 4, "required"))
                .append("<button type=\"submit\">Add to the set</button></form>");
        h.append("<h2>Delete the set</h2>").append(Form.open(base + "/delete", "inline", v.csrf()))
                .append("<button type=\"submit\" class=\"danger\" data-confirm=\"Delete this set? Its assets stay in the"
                        + " register.\">Delete set</button></form>");
        return Layout.page((String) s.get("name"), v, console.navFor(v.role()), "/console/sets", h.toString());
    }

    private String add(RoutingContext ctx, Viewer v, MultiMap form) throws Exception {
        UUID id = id(ctx);
        List<String> tags = LabelHandlers.parseTags("tags", form.get("tags"));
        if (tags.isEmpty()) {
            throw io.rollcall.collector.http.ApiException.badRequest("tags: scan or type at least one tag");
        }
        sets.addMembers(id, tags);
        return "/console/sets/" + id + "?done=added";
    }

    private String remove(RoutingContext ctx, Viewer v, MultiMap form) throws Exception {
        UUID id = id(ctx);
        sets.removeMember(id, io.rollcall.collector.assets.Fields.clean("tag", form.get("tag"), 64, true));
        return "/console/sets/" + id + "?done=removed";
    }

    private String delete(RoutingContext ctx, Viewer v, MultiMap form) throws Exception {
        sets.delete(id(ctx));
        return "/console/sets";
    }
}
