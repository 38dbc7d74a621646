package io.rollcall.collector.console;

import static io.rollcall.collector.console.Html.badge;
import static io.rollcall.collector.console.Html.esc;
import static io.rollcall.collector.console.Html.when;

import io.rollcall.collector.http.Query;
import io.rollcall.collector.http.Role;
import io.rollcall.collector.recalls.Recall;
import io.rollcall.collector.recalls.RecallHandlers;
import io.rollcall.collector.recalls.RecallService;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Recalls for the business manager: the list, the form that makes one (a department, a set or everyone, by a date),
 * and a recall's progress: back, still out, and for each laptop still out when its agent last reported. Senior
 * leadership reads the list and the progress. Calls {@link RecallService} as the API does.
 */
public final class RecallPages implements ConsoleModule {
    static final String PATH = "/console/recalls";
    private static final Map<String, String> DONE = Map.of("created",
            "Recall made. Borrowers are reminded by e-mail on the days chosen; the head gets the list at the deadline.");
    /** An agent that has not reported for this long is shown as silent: the laptop may be lost, not just off. */
    private static final Duration SILENT = Duration.ofDays(14);
    /** Rows shown per table: a page stays readable on a tablet; the CSV carries every row still out. */
    static final int SHOWN = 500;

    private final RecallService recalls;
    private ConsoleRouter console;

    public RecallPages(RecallService recalls) {
        this.recalls = recalls;
    }

    @Override
    public void mount(ConsoleRouter console) {
        this.console = console;
        console.nav("Recalls", PATH, RecallHandlers.READERS);
        console.page(PATH, RecallHandlers.READERS, this::list);
        console.page(PATH + "/new", Role.BUSINESS_MANAGERS, this::form);
        console.action(PATH, Role.BUSINESS_MANAGERS, this::create);
        console.page(PATH + "/:id", RecallHandlers.READERS, this::progress);
    }

    private String list(RoutingContext ctx, Viewer v) throws Exception {
        StringBuilder h = new StringBuilder();
        if (Role.BUSINESS_MANAGERS.contains(v.role())) {
            h.append("<p><a class=\"button\" href=\"").append(PATH).append("/new\">Make a recall</a></p>");
        }
        h.append("<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Recall</th><th scope=\"col\">Who</th>")
                .append("<th scope=\"col\">Back by</th><th scope=\"col\">Back</th><th scope=\"col\">Still out</th>")
                .append("<th scope=\"col\">Lost or stolen</th></tr></thead><tbody>");
        List<Recall.Summary> all = recalls.list();
        for (Recall.Summary s : all) {
            Recall r = s.recall();
            h.append("<tr><td><a href=\"").append(PATH).append('/').append(r.id()).append("\">").append(esc(r.title()))
                    .append("</a></td><td>").append(esc(r.scopeLabel())).append("</td><td>").append(when(r.dueAt()))
                    .append("</td><td>").append(s.back()).append(" of ").append(s.total()).append("</td><td>")
                    .append(s.out() == 0 ? badge("ok", "0") : badge("warn", String.valueOf(s.out()))).append("</td><td>")
                    .append(s.lost()).append("</td></tr>");
        }
        if (all.isEmpty()) {
            h.append("<tr><td colspan=\"6\">No recalls yet.</td></tr>");
        }
        h.append("</tbody></table></div>");
        return Layout.page("Recalls", v, console.navFor(v.role()), PATH, h.toString());
    }

    private String form(RoutingContext ctx, Viewer v) throws Exception {
        StringBuilder h = new StringBuilder("<p>A recall covers every loan open now in its scope; loans made later are "
                + "not included. Returns by any path count as back.</p>");
        h.append(Form.open(PATH, "stack", v.csrf()))
                .append(Form.input("recall-title", "title", "Title", "text", "", "required maxlength=\"160\" autofocus"))
                .append(Form.select("recall-scope", "scope", "Recall the loans of", "department", "department",
                        "A department", "set", "A set", "everyone", "Everyone"))
                .append(Form.input("recall-department", "department", "Department (when recalling a department)", "text",
                        "", "maxlength=\"128\" list=\"recall-departments\""))
                .append("<datalist id=\"recall-departments\">");
        for (String d : recalls.departments()) {
            h.append("<option value=\"").append(esc(d)).append("\">");
        }
        h.append("</datalist>");
        List<String[]> sets = recalls.sets();
        String[] options = new String[2 + 2 * sets.size()];
        options[0] = "";
        options[1] = sets.isEmpty() ? "(no sets yet)" : "(choose a set)";
        for (int i = 0; i < sets.size(); i++) {
            options[2 + 2 * i] = sets.get(i)[0];
            options[3 + 2 * i] = sets.get(i)[1];
        }
        h.append(Form.select("recall-set", "setId", "Set (when recalling a set)", "", options))
                .append(Form.input("recall-due", "dueAt", "Back by (the end of this day, UTC)", "date", "", "required"))
                .append(Form.input("recall-head", "headEmail", "Send the list of what is still out at the deadline to",
                        "email", "", "required maxlength=\"320\""))
                .append(Form.input("recall-before", "remindDaysBefore", "Remind borrowers this many days before",
                        "text", join(RecallService.DEFAULT_BEFORE), "maxlength=\"60\" inputmode=\"numeric\""))
                .append(Form.input("recall-after", "remindDaysAfter", "…and this many days after, while still out",
                        "text", join(RecallService.DEFAULT_AFTER), "maxlength=\"60\" inputmode=\"numeric\""))
                .append("<button type=\"submit\">Make the recall</button></form>");
        return Layout.page("Make a recall", v, console.navFor(v.role()), PATH, h.toString());
    }

    private static String join(List<Integer> days) {
        return String.join(", ", days.stream().map(String::valueOf).toList());
    }

    private String create(RoutingContext ctx, Viewer v, MultiMap form) throws Exception {
        var body = Form.json(form);
        if (!"set".equals(body.path("scope").asText())) {
            body.remove("setId");
        }
        Recall.Summary s = recalls.create(body, v.principal().id());
        return PATH + "/" + s.recall().id() + "?done=created";
    }

    private String progress(RoutingContext ctx, Viewer v) throws Exception {
        UUID id = Query.uuid("id", ctx.pathParam("id"));
        Recall.Progress p = recalls.progress(id);
        Recall r = p.recall();
        Instant now = recalls.now();
        StringBuilder h = new StringBuilder(Form.done(DONE, ctx));
        h.append("<dl class=\"facts\"><dt>Who</dt><dd>").append(esc(r.scopeLabel())).append("</dd><dt>Back by</dt><dd>")
                .append(when(r.dueAt())).append("</dd><dt>Reminders</dt><dd>").append(days(r.remindBefore(), "before"))
                .append("; ").append(days(r.remindAfter(), "after")).append("</dd><dt>List of what is still out</dt><dd>")
                .append(r.headSentAt() == null ? "goes to " + esc(r.headEmail()) + " at the deadline"
                        : "sent to " + esc(r.headEmail()) + " " + when(r.headSentAt()))
                .append("</dd></dl>");
        h.append("<div class=\"cards\" aria-label=\"Progress\">")
                .append(card("Covered", p.total(), "")).append(card("Back", p.back(), ""))
                .append(card("Still out", p.stillOut(), p.stillOut() > 0 && !now.isBefore(r.dueAt()) ? " alarm" : ""))
                .append(card("Lost or stolen", p.lost(), "")).append("</div>");
        h.append("<h2 id=\"still-out\">Still out</h2><p><a href=\"/api/v1/recalls/").append(r.id())
                .append("/outstanding.csv\" download>Download what is still out (CSV)</a></p>")
                .append("<div class=\"scroll\"><table aria-labelledby=\"still-out\"><thead><tr><th scope=\"col\">Asset</th>")
                .append("<th scope=\"col\">What</th><th scope=\"col\">Borrower</th><th scope=\"col\">Department</th>")
                .append("<th scope=\"col\">Out since</th><th scope=\"col\">Device last reported</th>")
                .append("<th scope=\"col\">Reminders</th></tr></thead><tbody>");
        boolean bm = Role.BUSINESS_MANAGERS.contains(v.role());
        for (Recall.Item i : p.outstanding().subList(0, Math.min(p.outstanding().size(), SHOWN))) {
            h.append("<tr><td>").append(bm ? "<a href=\"/console/assets/" + esc(Html.url(i.assetTag())) + "\">"
                    + esc(i.assetTag()) + "</a>" : esc(i.assetTag())).append("</td><td>").append(esc(i.what()))
                    .append("</td><td>").append(esc(i.borrowerName())).append(" <span class=\"muted\">")
                    .append(esc(i.staffId())).append("</span></td><td>").append(esc(i.department())).append("</td><td>")
                    .append(when(i.outAt())).append("</td><td>").append(lastReport(i, now)).append("</td><td>")
                    .append(i.borrowerEmail() == null ? badge("unknown", "no e-mail address")
                            : i.remindersSent() + (i.lastReminderAt() == null ? "" : ", last " + when(i.lastReminderAt())))
                    .append("</td></tr>");
        }
        if (p.outstanding().isEmpty()) {
            h.append("<tr><td colspan=\"7\">Everything has come back.</td></tr>");
        }
        h.append("</tbody></table></div>").append(p.outstanding().size() > SHOWN ? "<p class=\"notice\">The first " + SHOWN
                + " of " + p.outstanding().size() + " are shown; the CSV has them all.</p>" : "")
                .append("<h2 id=\"closed\">Back</h2><div class=\"scroll\"><table aria-labelledby=\"closed\">")
                .append("<thead><tr><th scope=\"col\">Asset</th><th scope=\"col\">What</th><th scope=\"col\">Borrower</th>")
                .append("<th scope=\"col\">Closed</th><th scope=\"col\">How</th></tr></thead><tbody>");
        for (Recall.Item i : p.closed().subList(0, Math.min(p.closed().size(), SHOWN))) {
            h.append("<tr><td>").append(esc(i.assetTag())).append("</td><td>").append(esc(i.what())).append("</td><td>")
                    .append(esc(i.borrowerName())).append("</td><td>").append(when(i.closedAt())).append("</td><td>")
                    .append("returned".equals(i.closedReason()) ? badge("ok", "returned") : badge("bad", i.closedReason()))
                    .append("</td></tr>");
        }
        if (p.closed().isEmpty()) {
            h.append("<tr><td colspan=\"5\">Nothing back yet.</td></tr>");
        }
        h.append("</tbody></table></div>").append(p.closed().size() > SHOWN ? "<p class=\"notice\">The first " + SHOWN
                + " of " + p.closed().size() + " are shown.</p>" : "");
        return Layout.page("Recall: " + r.title(), v, console.navFor(v.role()), PATH, h.toString());
    }

    private static String card(String label, int n, String cls) {
        return "<div class=\"card" + cls + "\"><span class=\"big\">" + n + "</span>" + esc(label) + "</div>";
    }

    private static String days(List<Integer> days, String word) {
        return days.isEmpty() ? "none " + word : join(days) + " days " + word;
    }

    private static String lastReport(Recall.Item i, Instant now) {
        if (!i.assetType().equals("laptop") && !i.assetType().equals("tablet")) {
            return "<span class=\"muted\">no agent</span>";
        }
        if (i.deviceLastReportAt() == null) {
            return badge("unknown", "never reported");
        }
        String at = when(i.deviceLastReportAt());
        return i.deviceLastReportAt().isBefore(now.minus(SILENT)) ? badge("bad", "silent") + " " + at : at;
    }
}
