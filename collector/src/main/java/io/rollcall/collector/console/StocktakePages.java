package io.rollcall.collector.console;

import static io.rollcall.collector.console.Html.badge;
import static io.rollcall.collector.console.Html.esc;
import static io.rollcall.collector.console.Html.when;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rollcall.collector.assets.Asset;
import io.rollcall.collector.http.Query;
import io.rollcall.collector.http.Role;
import io.rollcall.collector.recalls.RecallHandlers;
import io.rollcall.collector.stocktake.Stocktake;
import io.rollcall.collector.stocktake.StocktakeService;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The physical audit: assets not seen within their type's interval (or every audited asset), the schedule form, and
 * the scanning page. A USB scanner types the tag and Enter: the page has one input, focused, that takes a run of
 * scans; each scan is recorded at the run's location (typed once) and the page comes back at once with what it was,
 * newest first, focus back in the input. No script needed.
 */
public final class StocktakePages implements ConsoleModule {
    static final String PATH = "/console/stocktake";
    private static final Map<String, String> DONE = Map.of("schedule", "Schedule saved.");
    /** A page stays readable on a tablet; the CSV carries every row. */
    static final int SHOWN = 500;

    private final StocktakeService stocktake;
    private ConsoleRouter console;

    public StocktakePages(StocktakeService stocktake) {
        this.stocktake = stocktake;
    }

    @Override
    public void mount(ConsoleRouter console) {
        this.console = console;
        console.nav("Physical audit", PATH, RecallHandlers.READERS);
        console.page(PATH, RecallHandlers.READERS, this::list);
        console.page(PATH + "/schedule", RecallHandlers.READERS, this::schedule);
        console.action(PATH + "/schedule", Role.BUSINESS_MANAGERS, this::saveSchedule);
        console.action(PATH + "/runs", Role.BUSINESS_MANAGERS, this::startRun);
        console.page(PATH + "/runs/:id", Role.BUSINESS_MANAGERS, this::run);
        console.action(PATH + "/runs/:id/scans", Role.BUSINESS_MANAGERS, this::scan);
    }

    private String list(RoutingContext ctx, Viewer v) throws Exception {
        boolean all = Boolean.TRUE.equals(Query.bool(ctx, "all"));
        StringBuilder h = new StringBuilder();
        if (Role.BUSINESS_MANAGERS.contains(v.role())) {
            h.append("<h2 id=\"scan\">Scan assets</h2>").append(Form.open(PATH + "/runs", "filters", v.csrf()))
                    .append(Form.input("run-location", "location", "Where you are scanning (typed once for the run)",
                            "text", "", "required maxlength=\"128\""))
                    .append("<button type=\"submit\">Start scanning</button></form>");
        }
        h.append("<nav class=\"tabs\" aria-label=\"Show\"><ul><li><a href=\"").append(PATH).append('"')
                .append(all ? "" : " aria-current=\"page\"").append(">Not seen in time</a></li><li><a href=\"")
                .append(PATH).append("?all=true\"").append(all ? " aria-current=\"page\"" : "")
                .append(">Every audited asset</a></li><li><a href=\"").append(PATH)
                .append("/schedule\">Schedule</a></li></ul></nav>");
        List<Stocktake.AssetStatus> rows = stocktake.statuses(!all);
        h.append("<p>").append(rows.size()).append(all ? " audited assets." : " assets not seen within their interval.")
                .append(" <a href=\"/api/v1/stocktake/overdue.csv\" download>Download the not-seen list (CSV)</a></p>")
                .append("<div class=\"scroll\"><table id=\"stocktake-list\"><thead><tr><th scope=\"col\">Asset</th>")
                .append("<th scope=\"col\">What</th><th scope=\"col\">Status</th><th scope=\"col\">Last seen</th>")
                .append("<th scope=\"col\">How</th><th scope=\"col\">Due by</th></tr></thead><tbody>");
        for (Stocktake.AssetStatus a : rows.subList(0, Math.min(rows.size(), SHOWN))) {
            h.append("<tr><td>").append(esc(a.tag())).append("</td><td>").append(esc(what(a.type(), a.make(), a.model())))
                    .append("</td><td>").append(AssetPages.statusBadge(a.status()))
                    .append(a.borrower() == null ? "" : " " + esc(a.borrower())).append("</td><td>")
                    .append(a.lastSeenAt() == null ? badge("bad", "never seen") : when(a.lastSeenAt())).append("</td><td>")
                    .append(how(a)).append("</td><td>").append(a.overdue() ? badge("bad", "overdue") + " " : "")
                    .append(when(a.dueBy())).append("</td></tr>");
        }
        if (rows.isEmpty()) {
            h.append("<tr><td colspan=\"6\">").append(all ? "No audited assets." : "Everything has been seen in time.")
                    .append("</td></tr>");
        }
        h.append("</tbody></table></div>");
        if (rows.size() > SHOWN) {
            h.append("<p class=\"notice\">The first ").append(SHOWN).append(" of ").append(rows.size())
                    .append(" are shown; the CSV has them all.</p>");
        }
        return Layout.page("Physical audit", v, console.navFor(v.role()), PATH, h.toString());
    }

    private static String how(Stocktake.AssetStatus a) {
        if (a.seenBy() == null) {
            return "<span class=\"muted\">registered " + when(a.registeredAt()) + "</span>";
        }
        if (a.seenBy().equals("agent")) {
            return "seen by its agent";
        }
        return "scanned at " + esc(a.location()) + " by " + esc(a.scannedBy());
    }

    static String what(String type, String make, String model) {
        String mm = ((make == null ? "" : make) + " " + (model == null ? "" : model)).strip();
        return mm.isEmpty() ? type : type + ", " + mm;
    }

    private String schedule(RoutingContext ctx, Viewer v) throws Exception {
        Map<String, Integer> days = new TreeMap<>();
        Asset.TYPES.forEach(t -> days.put(t, null));
        stocktake.schedule().forEach(i -> days.put(i.assetType(), i.intervalDays()));
        boolean bm = Role.BUSINESS_MANAGERS.contains(v.role());
        StringBuilder h = new StringBuilder(Form.done(DONE, ctx))
                .append("<p>How often each type of asset must be seen, in days (120 is about a term, 365 a year). ")
                .append("Blank: that type is not audited. A laptop or tablet on loan whose agent reports counts as seen.</p>");
        h.append(bm ? Form.open(PATH + "/schedule", "stack", v.csrf()) : "<div class=\"stack-fields\">");
        for (Map.Entry<String, Integer> e : days.entrySet()) {
            h.append(Form.input("interval-" + e.getKey(), e.getKey(), e.getKey().substring(0, 1).toUpperCase()
                    + e.getKey().substring(1) + "s: every … days", "number", e.getValue() == null ? "" : e.getValue().toString(),
                    "min=\"1\" max=\"3650\"" + (bm ? "" : " readonly")));
        }
        h.append(bm ? "<button type=\"submit\">Save the schedule</button></form>" : "</div>");
        return Layout.page("Audit schedule", v, console.navFor(v.role()), PATH, h.toString());
    }

    private String saveSchedule(RoutingContext ctx, Viewer v, MultiMap form) throws Exception {
        ObjectNode intervals = JsonNodeFactory.instance.objectNode();
        for (String type : Asset.TYPES) {
            String d = form.get(type);
            intervals.put(type, d == null ? "" : d);
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set("intervals", intervals);
        stocktake.setSchedule(body, v.principal().id());
        return PATH + "/schedule?done=schedule";
    }

    private String startRun(RoutingContext ctx, Viewer v, MultiMap form) throws Exception {
        return PATH + "/runs/" + stocktake.startRun(form.get("location"), v.principal()).id();
    }

    private String run(RoutingContext ctx, Viewer v) throws Exception {
        UUID id = Query.uuid("id", ctx.pathParam("id"));
        Stocktake.Run r = stocktake.run(id);
        List<Stocktake.Sighting> scans = stocktake.runSightings(id, 500);
        StringBuilder h = new StringBuilder("<p>Scanning at <strong>").append(esc(r.location()))
                .append("</strong>, started ").append(when(r.startedAt())).append(" by ").append(esc(r.startedBy()))
                .append(". Scan each label, or type its tag and press Enter.</p>")
                .append(Form.open(PATH + "/runs/" + r.id() + "/scans", "filters", v.csrf()).replace("<form ",
                        "<form data-scan-form "))
                .append(Form.input("scan-tag", "tag", "Asset tag", "text", "",
                        "required maxlength=\"64\" autocomplete=\"off\" autocapitalize=\"off\" spellcheck=\"false\" autofocus"))
                .append("<button type=\"submit\">Record</button></form>")
                .append("<p id=\"scan-status\" class=\"error\" role=\"alert\"></p>")
                // queues scans so a fast scanner never types into a loading page; the form works without it
                .append("<script src=\"/console/static/stocktake.js\" defer></script>");
        long known = scans.stream().filter(Stocktake.Sighting::known).count();
        h.append("<div id=\"scan-count\"><h2 id=\"scans\">This run: ").append(known).append(" seen")
                .append(known < scans.size() ? ", " + (scans.size() - known) + " unknown" : "").append("</h2></div>")
                .append("<div class=\"scroll\" id=\"scan-results\"><table aria-labelledby=\"scans\"><thead><tr>")
                .append("<th scope=\"col\">Scanned</th><th scope=\"col\">What it is</th><th scope=\"col\">Status</th>")
                .append("<th scope=\"col\">When</th></tr></thead><tbody aria-live=\"polite\">");
        for (Stocktake.Sighting s : scans) {
            h.append("<tr><td>").append(esc(s.scannedTag())).append("</td><td>")
                    .append(s.known() ? esc(what(s.assetType(), s.make(), s.model())) : badge("bad", "unknown tag"))
                    .append("</td><td>").append(s.known() ? AssetPages.statusBadge(s.status()) + note(s) : "not in the register")
                    .append("</td><td>").append(when(s.seenAt())).append("</td></tr>");
        }
        if (scans.isEmpty()) {
            h.append("<tr><td colspan=\"4\">Nothing scanned yet.</td></tr>");
        }
        h.append("</tbody></table></div><p><a href=\"").append(PATH).append("\">Finish: see what has not been seen</a></p>");
        return Layout.page("Scan assets", v, console.navFor(v.role()), PATH, h.toString());
    }

    /** What a scan should make the person scanning notice: kit on loan found here, or kit written off found at all. */
    private static String note(Stocktake.Sighting s) {
        return switch (s.status()) {
            case "on-loan" -> " to " + esc(s.borrower());
            case "lost", "stolen" -> " — found: update its status";
            case "disposed" -> " — recorded as disposed";
            default -> "";
        };
    }

    private String scan(RoutingContext ctx, Viewer v, MultiMap form) throws Exception {
        UUID id = Query.uuid("id", ctx.pathParam("id"));
        stocktake.scanInRun(id, form.get("tag"), v.principal());
        return PATH + "/runs/" + id;
    }
}
