package io.rollcall.collector.console;

import static io.rollcall.collector.console.Html.esc;
import static io.rollcall.collector.console.Html.when;

import io.rollcall.collector.alerts.AlertAdmin;
import io.rollcall.collector.alerts.AlertTarget;
import io.rollcall.collector.http.Query;
import io.rollcall.collector.http.Role;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Admin: {@code /console/alerts} — where alerts go (webhooks for Teams, Google Chat or anything taking JSON; e-mail
 * digests), a form to add one, and the delivery log with each delivery's status and attempts. The form goes through
 * {@link AlertAdmin}, as the API does. A new webhook's secret is shown once, on the page after adding it.
 */
public final class AlertPages implements ConsoleModule {
    static final String PATH = "/console/alerts";
    private final AlertAdmin admin;
    private ConsoleRouter console;

    public AlertPages(AlertAdmin admin) {
        this.admin = admin;
    }

    @Override
    public void mount(ConsoleRouter console) {
        this.console = console;
        console.nav("Alerts", PATH, Role.ADMIN_ONLY);
        console.page(PATH, Role.ADMIN_ONLY, this::render);
        console.formPage(PATH + "/targets", Role.ADMIN_ONLY, 16 * 1024, this::create);
        console.action(PATH + "/targets/delete", Role.ADMIN_ONLY, this::delete);
    }

    private String render(RoutingContext ctx, Viewer v) throws Exception {
        return page(v, Form.done(Map.of("deleted", "Target removed."), ctx));
    }

    private String page(Viewer v, String notice) throws Exception {
        StringBuilder h = new StringBuilder(notice);
        h.append("<h2>Targets</h2><div class=\"scroll\"><table><thead><tr><th scope=\"col\">Name</th>")
                .append("<th scope=\"col\">Kind</th><th scope=\"col\">Goes to</th><th scope=\"col\">Events</th>")
                .append("<th scope=\"col\"></th></tr></thead><tbody>");
        List<AlertTarget> targets = admin.service().store().targets();
        for (AlertTarget t : targets) {
            h.append("<tr><td>").append(esc(t.name())).append("</td><td>").append(esc(t.kind())).append("</td><td>")
                    .append(esc(t.url() != null ? t.urlHost() : t.email())).append("</td><td>")
                    .append(esc(String.join(", ", t.events()))).append("</td><td>")
                    .append(Form.open(PATH + "/targets/delete", "inline", v.csrf()))
                    .append("<input type=\"hidden\" name=\"id\" value=\"").append(esc(t.id())).append("\">")
                    .append("<button type=\"submit\">Remove ").append(esc(t.name())).append("</button></form></td></tr>");
        }
        if (targets.isEmpty()) {
            h.append("<tr><td colspan=\"5\">No target yet: no alerts are sent.</td></tr>");
        }
        h.append("</tbody></table></div>");
        h.append("<h2 id=\"add\">Add a target</h2>").append(Form.open(PATH + "/targets", "stack", v.csrf()))
                .append(Form.input("al-name", "name", "Name", "text", "", "required maxlength=\"100\""))
                .append(Form.select("al-kind", "kind", "Kind", "webhook", "webhook", "Webhook (Teams, Google Chat, JSON)",
                        "email", "E-mail digest"))
                .append(Form.input("al-url", "url", "Webhook URL (https)", "url", "", "maxlength=\"2048\""))
                .append(Form.input("al-email", "email", "E-mail address", "email", "", "maxlength=\"320\""))
                .append(Form.select("al-format", "format", "Payload", "generic", "generic", "text and fields",
                        "text", "text only (Google Chat)"))
                .append("<fieldset><legend>Events</legend>");
        for (String[] e : new String[][] {{AlertTarget.FINDING_HIGH, "New high-severity finding"},
                {AlertTarget.LOAN_SILENT, "Lent laptop gone silent"}, {AlertTarget.UNPATCHED, "Device unpatched past the limit"},
                {AlertTarget.LOAN_OVERDUE, "Overdue loan"}}) {
            h.append("<label for=\"al-ev-").append(e[0]).append("\"><input type=\"checkbox\" id=\"al-ev-").append(e[0])
                    .append("\" name=\"events\" value=\"").append(e[0]).append("\" checked> ").append(esc(e[1]))
                    .append("</label>");
        }
        h.append("</fieldset><button type=\"submit\">Add target</button></form>");
        h.append("<h2 id=\"log\">Deliveries</h2><div class=\"scroll\"><table><thead><tr>")
                .append("<th scope=\"col\">Queued</th><th scope=\"col\">Target</th><th scope=\"col\">Event</th>")
                .append("<th scope=\"col\">Status</th><th scope=\"col\">Attempts</th><th scope=\"col\">Last result</th>")
                .append("<th scope=\"col\">Next attempt</th></tr></thead><tbody>");
        List<Map<String, Object>> log = admin.service().store().deliveries(null, null, 100, 0);
        for (Map<String, Object> d : log) {
            String status = String.valueOf(d.get("status"));
            h.append("<tr class=\"delivery\"><td>").append(when((Instant) d.get("createdAt"))).append("</td><td>")
                    .append(esc(d.get("target"))).append("</td><td>").append(esc(d.get("event"))).append("</td><td>")
                    .append(Html.badge(status.equals("delivered") ? "ok" : "warn", status)).append("</td><td>")
                    .append(esc(d.get("attempts"))).append("</td><td>").append(esc(d.get("lastResult") == null ? ""
                            : d.get("lastResult"))).append("</td><td>").append(when((Instant) d.get("nextAttemptAt")))
                    .append("</td></tr>");
        }
        if (log.isEmpty()) {
            h.append("<tr><td colspan=\"7\">Nothing sent yet.</td></tr>");
        }
        h.append("</tbody></table></div>");
        return Layout.page("Alerts", v, console.navFor(v.role()), PATH, h.toString());
    }

    private String create(RoutingContext ctx, Viewer v, MultiMap form) throws Exception {
        var b = Form.json(form);
        b.put("events", String.join(",", form.getAll("events")));
        if ("email".equals(form.get("kind"))) {
            b.remove("url");
        } else {
            b.remove("email");
        }
        Map<String, Object> made = admin.create(v.principal(), b);
        String notice = made.get("secret") == null ? Form.done("Target added.")
                : "<p class=\"notice\" role=\"status\">Target added. Its signing secret, shown only now: <code>"
                        + esc(made.get("secret")) + "</code></p>";
        ctx.response().putHeader("Cache-Control", "no-store");
        return page(v, notice);
    }

    private String delete(RoutingContext ctx, Viewer v, MultiMap form) throws Exception {
        admin.delete(Query.uuid("id", form.get("id")));
        return PATH + "?done=deleted";
    }
}
