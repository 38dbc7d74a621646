package io.rollcall.collector.console;

import static io.rollcall.collector.console.Html.badge;
import static io.rollcall.collector.console.Html.esc;
import static io.rollcall.collector.console.Html.when;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.assets.Fields;
import io.rollcall.collector.http.Query;
import io.rollcall.collector.http.Role;
import io.rollcall.collector.loans.LoanService;
import io.rollcall.collector.loans.LoanStore;
import io.rollcall.collector.loans.ReturnInspection;
import io.rollcall.collector.people.PeopleService;
import io.rollcall.collector.people.PeopleStore;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Lending and one loan's page: the lend form (asset tag, borrower by staff id with a picker of
 * active staff, due date, condition), then the loan with the borrower's acknowledgement over the
 * terms text, receipt downloads (the API's PDF route, which a signed-in console session may GET),
 * the return form and its inspection, and the lost/stolen report. Calls {@link LoanService}.
 */
public final class LoanPages implements ConsoleModule {
    private static final Map<String, String> DONE = Map.of("lent", "Lent. Ask the borrower to acknowledge the terms below.",
            "ack", "Acknowledged.", "returned", "Returned.", "lost", "Reported.");
    /** Active staff offered by the picker; beyond this, typing the staff id still works. */
    private static final int PICKER = 500;

    private final LoanService loans;
    private final PeopleService people;
    private ConsoleRouter console;

    public LoanPages(LoanService loans, PeopleService people) {
        this.loans = loans;
        this.people = people;
    }

    @Override
    public void mount(ConsoleRouter console) {
        this.console = console;
        console.nav("Lend", "/console/loans/new", Role.BUSINESS_MANAGERS);
        console.page("/console/loans/new", Role.BUSINESS_MANAGERS, this::lendForm);
        console.action("/console/loans", Role.BUSINESS_MANAGERS, this::lend);
        console.page("/console/loans/:id", Role.BUSINESS_MANAGERS, this::loan);
        console.action("/console/loans/:id/acknowledge", Role.BUSINESS_MANAGERS, this::acknowledge);
        console.action("/console/loans/:id/return", Role.BUSINESS_MANAGERS, this::returnLoan);
        console.action("/console/loans/:id/lost", Role.BUSINESS_MANAGERS, this::lost);
    }

    private String lendForm(RoutingContext ctx, Viewer v) throws Exception {
        String tag = Query.text(ctx, "tag", 64);
        String staff = Query.text(ctx, "staffId", 64);
        String due = loans.clockNow().atZone(java.time.ZoneOffset.UTC).toLocalDate().plusDays(14).toString();
        StringBuilder h = new StringBuilder(Form.open("/console/loans", "stack", v.csrf()))
                .append(Form.input("assetTag", "assetTag", "Asset tag", "text", tag, "required maxlength=\"64\""))
                .append(Form.input("staffId", "staffId", "Borrower's staff id (type to pick)", "text", staff,
                        "required maxlength=\"64\" list=\"staff\" autocomplete=\"off\""))
                .append("<datalist id=\"staff\">");
        for (PeopleStore.Listed p : people.list("active", null, null, PICKER, 0)) {
            h.append("<option value=\"").append(esc(p.staffId())).append("\">").append(esc(p.name()))
                    .append(p.department() == null ? "" : " · " + esc(p.department())).append("</option>");
        }
        h.append("</datalist>")
                .append(Form.input("dueAt", "dueAt", "Due back by (end of day, UTC)", "date", due, "required"))
                .append(Form.input("conditionOut", "conditionOut", "Condition going out", "text", "",
                        "maxlength=\"512\" placeholder=\"e.g. good, charger included\""))
                .append("<button type=\"submit\">Lend</button></form>")
                .append("<p>Borrower not listed? <a href=\"/console/staff\">Add them or import the staff list</a>.</p>");
        return Layout.page("Lend an asset", v, console.navFor(v.role()), "/console/loans/new", h.toString());
    }

    private String lend(RoutingContext ctx, Viewer v, MultiMap form) throws Exception {
        JsonNode b = Form.json(form);
        String tag = Fields.text(b, "assetTag", 64, true);
        UUID person = people.byStaffId(Fields.text(b, "staffId", 64, true)).id();
        Instant due = Fields.instant(b, "dueAt", true);
        String condition = Fields.text(b, "conditionOut", 512, false);
        Map<String, Object> loan = loans.lend(tag, person, due, condition, v.principal().id());
        return "/console/loans/" + loan.get("id") + "?done=lent";
    }

    private static UUID id(RoutingContext ctx) {
        return Query.uuid("id", ctx.pathParam("id"));
    }

    private String acknowledge(RoutingContext ctx, Viewer v, MultiMap form) throws Exception {
        UUID id = id(ctx);
        loans.acknowledge(id, Fields.text(Form.json(form), "typedName", 256, true));
        return "/console/loans/" + id + "?done=ack";
    }

    private String returnLoan(RoutingContext ctx, Viewer v, MultiMap form) throws Exception {
        UUID id = id(ctx);
        JsonNode b = Form.json(form);
        String condition = Fields.text(b, "conditionIn", 512, true);
        String receivedBy = Fields.text(b, "receivedBy", 256, false);
        String assetStatus = Fields.oneOf(b, "assetStatus", Set.of("in-stock", "repair"), "in-stock");
        loans.returnLoan(id, condition, receivedBy == null ? v.principal().name() : receivedBy, assetStatus,
                v.principal().id());
        return "/console/loans/" + id + "?done=returned";
    }

    private String lost(RoutingContext ctx, Viewer v, MultiMap form) throws Exception {
        UUID id = id(ctx);
        JsonNode b = Form.json(form);
        loans.reportLoss(id, Fields.oneOf(b, "kind", Set.of("lost", "stolen"), null), Fields.text(b, "note", 512, false),
                v.principal().id());
        return "/console/loans/" + id + "?done=lost";
    }

    @SuppressWarnings("unchecked")
    private String loan(RoutingContext ctx, Viewer v) throws Exception {
        UUID id = id(ctx);
        Map<String, Object> l = loans.get(id);
        Map<String, Object> a = (Map<String, Object>) l.get("asset");
        Map<String, Object> who = (Map<String, Object>) l.get("borrower");
        Map<String, Object> ack = (Map<String, Object>) l.get("acknowledgement");
        String state = (String) l.get("state");
        boolean open = l.get("closedAt") == null;
        String base = "/console/loans/" + id;

        Actors.Names names = console.actors().names(java.util.Arrays.asList((String) l.get("lentBy"), (String) l.get("closedBy")));
        StringBuilder h = new StringBuilder(Form.done(DONE, ctx));
        h.append("<dl class=\"facts\"><dt>State</dt><dd>").append(LoanListPage.stateBadge(state, l.get("deviceSilent")))
                .append("</dd><dt>Asset</dt><dd><a href=\"/console/assets/").append(esc(Html.url((String) a.get("tag"))))
                .append("\">").append(esc(a.get("tag"))).append("</a> · ").append(esc(a.get("type"))).append(' ')
                .append(esc(a.get("make"))).append(' ').append(esc(a.get("model"))).append(" · serial ")
                .append(esc(a.get("serial"))).append("</dd><dt>Borrower</dt><dd>").append(esc(who.get("name")))
                .append(" (").append(esc(who.get("staffId"))).append(')')
                .append(who.get("email") == null ? "" : " · " + esc(who.get("email")))
                .append("leaver".equals(who.get("status")) ? " " + badge("warn", "leaver") : "")
                .append("</dd><dt>Lent</dt><dd>").append(when((Instant) l.get("outAt"))).append(" by ").append(esc(names.of((String) l.get("lentBy"))))
                .append("</dd><dt>Due</dt><dd>").append(when((Instant) l.get("dueAt")))
                .append("</dd><dt>Condition going out</dt><dd>").append(esc(l.get("conditionOut"))).append("</dd>");
        Map<String, Object> d = (Map<String, Object>) l.get("device");
        if (d != null) {
            h.append("<dt>Device last report</dt><dd>").append(when((Instant) d.get("lastReportAt"))).append(' ')
                    .append(AssetPages.compliance((Boolean) d.get("compliant"), (Integer) d.get("openFindings"))).append("</dd>");
        }
        if (!open) {
            h.append("<dt>Closed</dt><dd>").append(when((Instant) l.get("closedAt"))).append(" (")
                    .append(esc(l.get("closedReason"))).append(") by ").append(esc(names.of((String) l.get("closedBy")))).append("</dd>")
                    .append("<dt>Condition coming back</dt><dd>").append(esc(l.get("conditionIn"))).append("</dd>")
                    .append("<dt>Received by</dt><dd>").append(esc(l.get("receivedBy"))).append("</dd>");
        }
        h.append("</dl>");

        h.append("<h2>Acknowledgement</h2>");
        if (ack != null) {
            h.append("<p>Acknowledged by the borrower typing <strong>").append(esc(ack.get("typedName"))).append("</strong> on ")
                    .append(when((Instant) ack.get("at"))).append(". ")
                    .append(Boolean.TRUE.equals(ack.get("termsIntact")) ? badge("ok", "terms and loan unchanged since")
                            : badge("bad", "terms or loan changed since acknowledgement")).append("</p>");
        } else if (open) {
            LoanStore.Terms terms = loans.terms((UUID) l.get("termsVersion"));
            h.append("<p>Hand the borrower this screen. By typing their full name they accept these terms:</p>")
                    .append("<blockquote class=\"terms\" id=\"terms\">").append(esc(terms.text())).append("</blockquote>")
                    .append(Form.open(base + "/acknowledge", "stack", v.csrf()))
                    .append(Form.input("typedName", "typedName", "Borrower's full name, typed by the borrower", "text", "",
                            "required maxlength=\"256\" autocomplete=\"off\" aria-describedby=\"terms\""))
                    .append("<button type=\"submit\">I accept these terms</button></form>");
        } else {
            h.append("<p>Not acknowledged.</p>");
        }

        h.append("<h2>Receipts</h2><ul><li><a id=\"issue-receipt\" href=\"/api/v1/loans/").append(id)
                .append("/receipt?kind=issue\">Download the issue receipt (PDF)</a></li>");
        if ("returned".equals(state)) {
            h.append("<li><a id=\"return-receipt\" href=\"/api/v1/loans/").append(id)
                    .append("/receipt?kind=return\">Download the return receipt (PDF)</a></li>");
        }
        h.append("</ul>");

        if (open) {
            h.append("<h2>Return</h2>").append(Form.open(base + "/return", "stack", v.csrf()))
                    .append(Form.input("conditionIn", "conditionIn", "Condition coming back", "text", "", "required maxlength=\"512\""))
                    .append(Form.input("receivedBy", "receivedBy", "Received by", "text", v.principal().name(), "maxlength=\"256\""))
                    .append(Form.select("assetStatus", "assetStatus", "Asset goes to", "in-stock", "in-stock", "Stock",
                            "repair", "Repair"))
                    .append("<button type=\"submit\">Record the return</button></form>")
                    .append("<h2>Lost or stolen</h2>").append(Form.open(base + "/lost", "filters", v.csrf()))
                    .append(Form.select("kind", "kind", "What happened", "lost", "lost", "Lost", "stolen", "Stolen"))
                    .append(Form.input("lost-note", "note", "Note (where, when, crime reference)", "text", "", "maxlength=\"512\""))
                    .append("<button type=\"submit\" data-confirm=\"Close this loan as lost or stolen?\">Report</button></form>");
        } else if ("returned".equals(state)) {
            inspection(h, loans.inspection(id).get("inspection"));
        }
        return Layout.page("Loan of " + a.get("tag"), v, console.navFor(v.role()), "/console/loans", h.toString());
    }

    private static void inspection(StringBuilder h, Object found) {
        h.append("<h2>Return inspection</h2>");
        if (!(found instanceof ReturnInspection.Result r)) {
            Object reason = found instanceof Map<?, ?> m ? m.get("reason") : null;
            h.append("<p>No inspection: ").append(esc(reason)).append(".</p>");
            return;
        }
        h.append("<p>").append(r.reports()).append(" reports during the loan; last report ").append(when(r.lastReportAt()))
                .append(".</p>");
        list(h, "Software installed", r.softwareInstalled().stream().map(s -> s.name() + " " + s.version()).toList());
        list(h, "Software removed", r.softwareRemoved().stream().map(s -> s.name() + " " + s.version()).toList());
        list(h, "Software changed", r.softwareChanged().stream().map(s -> s.name() + " " + s.from() + " → " + s.to()).toList());
        list(h, "Accounts added", r.accountsAdded().stream().map(s -> s.account() + (s.admin() ? " (admin)" : "")).toList());
        list(h, "Accounts removed", r.accountsRemoved().stream().map(ReturnInspection.AccountRef::account).toList());
        list(h, "Media connected", r.mediaConnected().stream().map(m -> when(m.at()) + " " + m.kind() + " "
                + (m.vendor() == null ? "" : m.vendor()) + " " + (m.product() == null ? "" : m.product())).toList());
    }

    private static void list(StringBuilder h, String title, List<String> items) {
        h.append("<h3>").append(esc(title)).append(" (").append(items.size()).append(")</h3>");
        if (items.isEmpty()) {
            h.append("<p>None.</p>");
            return;
        }
        h.append("<ul>");
        // an inspection lists what changed on one laptop in one loan; 200 lines is plenty to act on
        items.stream().limit(200).forEach(i -> h.append("<li>").append(esc(i)).append("</li>"));
        h.append("</ul>");
        if (items.size() > 200) {
            h.append("<p>and ").append(items.size() - 200).append(" more (see the return receipt).</p>");
        }
    }
}
