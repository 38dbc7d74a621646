package io.rollcall.collector.console;

import static io.rollcall.collector.console.Html.badge;
import static io.rollcall.collector.console.Html.esc;
import static io.rollcall.collector.console.Html.when;

import io.rollcall.collector.auth.Authenticator;
import io.rollcall.collector.compliance.FindingQueries;
import io.rollcall.collector.devices.DeviceQueries;
import io.rollcall.collector.findings.Policy;
import io.rollcall.collector.http.ApiException;
import io.rollcall.collector.http.Query;
import io.rollcall.collector.http.Role;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The device list (technicians, and business managers for last-seen and compliance) with filters
 * and pages of 50 answered from indexed SQL, and one device's page (technicians only; every view is
 * audited, as through the API).
 */
public final class DevicePages implements ConsoleModule {
    static final Set<Role> LIST_ROLES = EnumSet.of(Role.ADMIN, Role.TECHNICIAN, Role.BUSINESS_MANAGER);
    private static final int PAGE = 50;

    private final DeviceQueries devices;
    private final FindingQueries findings;
    private final Supplier<Policy> policy;
    private final Clock clock;
    private final List<String> ruleIds;
    private ConsoleRouter console;

    /**
     * @param ruleIds the rule engine's rule ids, offered by the "failing rule" filter (a fixed list: building the
     *                fleet's compliance summary on every list view only to name the rules cost a scan of findings)
     */
    public DevicePages(DeviceQueries devices, FindingQueries findings, Supplier<Policy> policy, Clock clock,
                       List<String> ruleIds) {
        this.ruleIds = ruleIds.stream().sorted().toList();
        this.devices = devices;
        this.findings = findings;
        this.policy = policy;
        this.clock = clock;
    }

    @Override
    public void mount(ConsoleRouter console) {
        this.console = console;
        console.nav("Devices", "/console/devices", LIST_ROLES);
        console.page("/console/devices", LIST_ROLES, this::list);
        console.page("/console/devices/:id", Role.TECHNICIANS, this::device);
    }

    private String list(RoutingContext ctx, Viewer v) throws Exception {
        String compliance = choice(ctx, "compliance", "compliant", "non-compliant");
        String seen = choice(ctx, "seen", "stale", "current");
        String q = Query.text(ctx, "q", 128);
        String rule = Query.text(ctx, "rule", 64);
        int offset = Query.integer(ctx, "offset", 0, 0, 10_000_000);
        Boolean compliant = compliance == null ? null : compliance.equals("compliant");
        Boolean stale = seen == null ? null : seen.equals("stale");
        String group = Query.text(ctx, "group", 128); // issue 17: a group's devices, from the groups page
        var page = devices.list(compliant, stale, q, rule, group, null, PAGE, offset);
        boolean detail = Role.TECHNICIANS.contains(v.role());

        StringBuilder h = new StringBuilder();
        h.append("<form class=\"filters\" method=\"get\" action=\"/console/devices\" role=\"search\">")
                .append(select("compliance", "Compliance", compliance, "", "Any", "non-compliant", "Not compliant",
                        "compliant", "Compliant"))
                .append(select("seen", "Last report", seen, "", "Any", "stale", "Stale (not reporting)", "current", "Reporting"))
                .append("<label for=\"rule\">Failing rule<select id=\"rule\" name=\"rule\"><option value=\"\">Any</option>");
        for (String r : ruleIds) {
            h.append("<option").append(r.equals(rule) ? " selected" : "").append('>').append(esc(r)).append("</option>");
        }
        h.append("</select></label>")
                .append("<label for=\"q\">Host name or serial<input id=\"q\" name=\"q\" type=\"search\" maxlength=\"128\" value=\"")
                .append(esc(q)).append("\"></label>").append(group == null ? "" : "<input type=\"hidden\" name=\"group\" value=\""
                        + esc(group) + "\"><p>Group: " + esc(group) + "</p>")
                .append("<button type=\"submit\">Filter</button></form>");
        h.append("<div class=\"scroll\"><table><caption class=\"muted\">Devices</caption><thead><tr><th scope=\"col\">Host name</th>")
                .append("<th scope=\"col\">Serial</th><th scope=\"col\">OS</th><th scope=\"col\">Last report</th>")
                .append("<th scope=\"col\">Compliance</th><th scope=\"col\">Open findings</th></tr></thead><tbody>");
        for (DeviceQueries.DeviceSummary d : page.items()) {
            String name = d.hostname() == null ? d.id().toString() : d.hostname();
            h.append("<tr><td>").append(detail ? "<a href=\"/console/devices/" + d.id() + "\">" + esc(name) + "</a>" : esc(name))
                    .append("</td><td>").append(esc(d.serialNumber())).append("</td><td>")
                    .append(esc(d.osFamily())).append(' ').append(esc(d.osVersion())).append("</td><td>")
                    .append(when(d.lastSeenAt())).append(d.stale() ? " " + badge("warn", "stale") : "").append("</td><td>")
                    .append(complianceBadge(d.compliant())).append("</td><td>").append(d.openFindings()).append("</td></tr>");
        }
        if (page.items().isEmpty()) {
            h.append("<tr><td colspan=\"6\">No devices match these filters.</td></tr>");
        }
        h.append("</tbody></table></div>");
        StringBuilder query = new StringBuilder();
        appendParam(query, "compliance", compliance);
        appendParam(query, "seen", seen);
        appendParam(query, "rule", rule);
        appendParam(query, "q", q);
        appendParam(query, "group", group);
        h.append(Layout.pager("/console/devices", query.toString(), page.total(), PAGE, offset));
        return Layout.page("Devices", v, console.navFor(v.role()), "/console/devices", h.toString());
    }

    private String device(RoutingContext ctx, Viewer v) throws Exception {
        UUID id = Query.uuid("id", ctx.pathParam("id"));
        DeviceQueries.DeviceSummary d = devices.get(id);
        if (d == null) {
            throw ApiException.notFound("There is no device " + id + ".");
        }
        console.audit().record(v.principal(), "GET", "/console/devices/" + id, 200, Authenticator.address(ctx), "console");
        var sections = devices.sections(id);
        var found = findings.list(null, null, id, 1000, 0).items();
        String title = d.hostname() == null ? id.toString() : d.hostname();
        StringBuilder notes = new StringBuilder();
        for (ConsoleRouter.DeviceNote n : console.deviceNotes()) {
            notes.append(n.html(id)); // other features' facts, e.g. the agent that reports it (issue 15)
        }
        String body = notes + DeviceView.render(d, sections, devices.mediaEvents(id, 200), found);
        return Layout.page(title, v, console.navFor(v.role()), "/console/devices", body);
    }

    static String complianceBadge(Boolean compliant) {
        return compliant == null ? badge("unknown", "not yet known")
                : compliant ? badge("ok", "compliant") : badge("bad", "not compliant");
    }

    private static String choice(RoutingContext ctx, String name, String a, String b) {
        String v = Query.text(ctx, name, 20);
        if (v != null && !v.equals(a) && !v.equals(b)) {
            throw ApiException.badRequest(name + ": must be " + a + " or " + b);
        }
        return v;
    }

    private static String select(String name, String label, String current, String... valueLabel) {
        StringBuilder h = new StringBuilder("<label for=\"" + name + "\">" + esc(label) + "<select id=\"" + name
                + "\" name=\"" + name + "\">");
        for (int i = 0; i < valueLabel.length; i += 2) {
            String val = valueLabel[i];
            boolean sel = val.isEmpty() ? current == null : val.equals(current);
            h.append("<option value=\"").append(esc(val)).append('"').append(sel ? " selected" : "").append('>')
                    .append(esc(valueLabel[i + 1])).append("</option>");
        }
        return h.append("</select></label>").toString();
    }

    private static void appendParam(StringBuilder q, String name, String value) {
        if (value != null) {
            q.append(q.length() == 0 ? "" : "&").append(name).append('=').append(Html.url(value));
        }
    }
}
