package io.rollcall.collector.console;

import static io.rollcall.collector.console.Html.badge;
import static io.rollcall.collector.console.Html.esc;
import static io.rollcall.collector.console.Html.when;

import io.rollcall.collector.http.ApiException;
import io.rollcall.collector.http.Query;
import io.rollcall.collector.http.Role;
import io.rollcall.collector.loans.LoanService;
import io.rollcall.collector.loans.LoanStore;
import io.rollcall.collector.people.PeopleService;
import io.rollcall.collector.people.PeopleStore;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code /console/loans?view=}: the loans a business manager chases — out now, overdue, due soon,
 * lent laptops whose agent has gone silent, leavers who still hold kit — in pages of 50, with the
 * loans.csv export. Reads {@link LoanService} and {@link PeopleService} as the API does.
 */
public final class LoanListPage implements ConsoleModule {
    /** view → its heading, in the order the tabs show. */
    static final Map<String, String> VIEWS = new LinkedHashMap<>();

    static {
        VIEWS.put("out", "Out now");
        VIEWS.put("overdue", "Overdue");
        VIEWS.put("due-soon", "Due soon");
        VIEWS.put("silent", "Silent laptops");
        VIEWS.put("leavers", "Leavers with kit");
        VIEWS.put("returned", "Returned");
        VIEWS.put("lost", "Lost or stolen");
    }

    private static final int PAGE = 50;
    private final LoanService loans;
    private final PeopleService people;
    private ConsoleRouter console;

    public LoanListPage(LoanService loans, PeopleService people) {
        this.loans = loans;
        this.people = people;
    }

    @Override
    public void mount(ConsoleRouter console) {
        this.console = console;
        console.nav("Loans", "/console/loans", Role.BUSINESS_MANAGERS);
        console.page("/console/loans", Role.BUSINESS_MANAGERS, this::list);
    }

    static String stateBadge(String state, Object silent) {
        String b = switch (state) {
            case "out" -> badge("ok", "out");
            case "overdue" -> badge("bad", "overdue");
            case "lost", "stolen" -> badge("bad", state);
            default -> badge("unknown", state);
        };
        return Boolean.TRUE.equals(silent) ? b + " " + badge("warn", "device silent") : b;
    }

    private String list(RoutingContext ctx, Viewer v) throws Exception {
        String view = Query.text(ctx, "view", 16);
        view = view == null ? "out" : view;
        if (!VIEWS.containsKey(view)) {
            throw ApiException.badRequest("view: was '" + view + "', must be one of " + VIEWS.keySet());
        }
        UUID person = Query.uuid("person", Query.text(ctx, "person", 36));
        int offset = Query.integer(ctx, "offset", 0, 0, 10_000_000);
        LoanService.Counts n = loans.counts();

        StringBuilder h = new StringBuilder("<nav class=\"tabs\" aria-label=\"Loan views\"><ul>");
        for (var e : VIEWS.entrySet()) {
            long count = switch (e.getKey()) {
                case "out" -> n.out();
                case "overdue" -> n.overdue();
                case "due-soon" -> n.dueSoon();
                case "leavers" -> n.leaversWithKit();
                default -> -1;
            };
            h.append("<li><a href=\"/console/loans?view=").append(e.getKey()).append('"')
                    .append(e.getKey().equals(view) ? " aria-current=\"page\"" : "").append('>').append(esc(e.getValue()))
                    .append(count >= 0 ? " (" + count + ")" : "").append("</a></li>");
        }
        h.append("</ul></nav><p><a class=\"button\" href=\"/console/loans/new\">Lend an asset</a> ")
                .append("<a href=\"/api/v1/exports/loans.csv\" download>Download all loans (loans.csv)</a></p>");
        if (view.equals("leavers")) {
            leavers(h, offset);
        } else {
            loansTable(h, view, person, offset);
        }
        return Layout.page("Loans · " + VIEWS.get(view), v, console.navFor(v.role()), "/console/loans", h.toString());
    }

    private void loansTable(StringBuilder h, String view, UUID person, int offset) throws Exception {
        boolean silent = view.equals("silent");
        LoanStore.Filter f = switch (view) {
            case "overdue" -> LoanStore.Filter.OVERDUE;
            case "due-soon" -> LoanStore.Filter.DUE_SOON;
            case "returned" -> LoanStore.Filter.RETURNED;
            case "lost" -> LoanStore.Filter.LOST;
            default -> LoanStore.Filter.OUT;
        };
        List<Map<String, Object>> rows = loans.list(f, silent, person, null, PAGE + 1, offset);
        boolean more = rows.size() > PAGE;
        rows = more ? rows.subList(0, PAGE) : rows;
        if (silent) {
            h.append("<p>Lent laptops and tablets whose agent has sent no report since they were lent, or for ")
                    .append(loans.settings().deviceSilentDays()).append(" days.</p>");
        }
        h.append("<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Asset</th><th scope=\"col\">Borrower</th>")
                .append("<th scope=\"col\">Out</th><th scope=\"col\">Due</th><th scope=\"col\">State</th>")
                .append("<th scope=\"col\">Acknowledged</th><th scope=\"col\">Loan</th></tr></thead><tbody>");
        for (Map<String, Object> l : rows) {
            @SuppressWarnings("unchecked") Map<String, Object> a = (Map<String, Object>) l.get("asset");
            @SuppressWarnings("unchecked") Map<String, Object> b = (Map<String, Object>) l.get("borrower");
            h.append("<tr><td><a href=\"/console/assets/").append(esc(Html.url((String) a.get("tag")))).append("\">")
                    .append(esc(a.get("tag"))).append("</a> ").append(esc(a.get("type"))).append("</td><td>")
                    .append(esc(b.get("name"))).append(" (").append(esc(b.get("staffId"))).append(")")
                    .append("leaver".equals(b.get("status")) ? " " + badge("warn", "leaver") : "").append("</td><td>")
                    .append(when((java.time.Instant) l.get("outAt"))).append("</td><td>")
                    .append(when((java.time.Instant) l.get("dueAt"))).append("</td><td>")
                    .append(stateBadge((String) l.get("state"), l.get("deviceSilent"))).append("</td><td>")
                    .append(l.get("acknowledgement") == null ? "no" : "yes").append("</td><td><a href=\"/console/loans/")
                    .append(l.get("id")).append("\">Open</a></td></tr>");
        }
        if (rows.isEmpty()) {
            h.append("<tr><td colspan=\"7\">No loans here.</td></tr>");
        }
        h.append("</tbody></table></div>").append(Layout.pagerMore("/console/loans",
                "view=" + view + (person == null ? "" : "&person=" + person), offset, PAGE, rows.size(), more));
    }

    private void leavers(StringBuilder h, int offset) throws Exception {
        List<PeopleStore.Listed> rows = people.list("leaver", true, null, PAGE + 1, offset);
        boolean more = rows.size() > PAGE;
        rows = more ? rows.subList(0, PAGE) : rows;
        h.append("<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Staff id</th>")
                .append("<th scope=\"col\">Left on</th><th scope=\"col\">Items held</th><th scope=\"col\">Loans</th>")
                .append("</tr></thead><tbody>");
        for (PeopleStore.Listed p : rows) {
            h.append("<tr><td>").append(esc(p.name())).append("</td><td>").append(esc(p.staffId())).append("</td><td>")
                    .append(esc(p.leftOn())).append("</td><td>").append(p.holding()).append("</td><td><a href=\"/console/loans?view=out&amp;person=")
                    .append(p.id()).append("\">What they hold</a></td></tr>");
        }
        if (rows.isEmpty()) {
            h.append("<tr><td colspan=\"5\">No leaver holds any kit.</td></tr>");
        }
        h.append("</tbody></table></div>").append(Layout.pagerMore("/console/loans", "view=leavers", offset, PAGE,
                rows.size(), more));
    }
}
