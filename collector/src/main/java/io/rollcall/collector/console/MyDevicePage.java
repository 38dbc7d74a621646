package io.rollcall.collector.console;

import static io.rollcall.collector.console.Html.esc;
import static io.rollcall.collector.console.Html.when;

import io.rollcall.collector.http.Role;
import io.rollcall.collector.sso.OwnDevices;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code /console/my-device}: the signed-in person's own laptop(s) (lent to them now, matched by their e-mail
 * address) and, for each open finding, what it means and what to do, in plain words from the school's policy.
 * Every role may open it and sees only their own; it is a member of staff's home.
 */
public final class MyDevicePage implements ConsoleModule {
    public static final String PATH = "/console/my-device";
    private final OwnDevices own;
    private ConsoleRouter console;

    public MyDevicePage(OwnDevices own) {
        this.own = own;
    }

    @Override
    public void mount(ConsoleRouter console) {
        this.console = console;
        console.nav("My device", PATH, Role.EVERYONE);
        console.page(PATH, Role.EVERYONE, this::render);
    }

    @SuppressWarnings("unchecked")
    private String render(RoutingContext ctx, Viewer v) throws Exception {
        List<Map<String, Object>> devices = own.of(v.principal().name());
        StringBuilder h = new StringBuilder();
        if (devices.isEmpty()) {
            h.append("<p class=\"message\">No laptop is lent to ").append(esc(v.principal().name()))
                    .append(" with an enrolled agent. If you have one, ask the school office to record the loan ")
                    .append("against your e-mail address.</p>");
            return Layout.page("My device", v, console.navFor(v.role()), PATH, h.toString());
        }
        for (Map<String, Object> d : devices) {
            List<Map<String, Object>> findings = (List<Map<String, Object>>) d.get("findings");
            h.append("<section class=\"device\" aria-labelledby=\"dev-").append(esc(d.get("deviceId"))).append("\">")
                    .append("<h2 id=\"dev-").append(esc(d.get("deviceId"))).append("\">")
                    .append(esc(d.get("hostname") == null ? d.get("assetTag") : d.get("hostname"))).append("</h2>")
                    .append("<dl class=\"facts\"><dt>Yours as</dt><dd>").append(esc(d.get("how")))
                    .append("</dd><dt>Asset tag</dt><dd>").append(esc(d.get("assetTag") == null ? "" : d.get("assetTag")))
                    .append("</dd><dt>Model</dt><dd>").append(esc(d.get("model")))
                    .append("</dd><dt>System</dt><dd>").append(esc(d.get("os")))
                    .append("</dd><dt>Last checked in</dt><dd>").append(when((Instant) d.get("lastReportAt")))
                    .append(d.get("dueAt") == null ? "" : "</dd><dt>Due back</dt><dd>" + when((Instant) d.get("dueAt")))
                    .append("</dd></dl>");
            if (findings.isEmpty()) {
                h.append("<p class=\"notice\" role=\"status\">Nothing to fix: this laptop meets the school's policy.</p>");
            } else {
                h.append("<p>").append(findings.size()).append(findings.size() == 1 ? " thing" : " things")
                        .append(" to put right:</p><ol class=\"fixes\">");
                for (Map<String, Object> f : findings) {
                    h.append("<li class=\"finding\" data-rule=\"").append(esc(f.get("rule"))).append("\"><h3>")
                            .append(esc(f.get("title"))).append(' ')
                            .append(Html.badge("sev-" + f.get("severity"), String.valueOf(f.get("severity"))))
                            .append("</h3><p><strong>What to do:</strong> ").append(esc(f.get("whatToDo"))).append("</p>");
                    if (f.get("policySays") != null) {
                        h.append("<p class=\"policy\">The school's policy");
                        if (f.get("policyRef") != null) {
                            h.append(" (").append(esc(f.get("policyRef"))).append(')');
                        }
                        h.append(" says: <q>").append(esc(f.get("policySays"))).append("</q></p>");
                    }
                    h.append("<p class=\"since\">Found ").append(when((Instant) f.get("since"))).append("</p></li>");
                }
                h.append("</ol>");
            }
            h.append("</section>");
        }
        return Layout.page("My device", v, console.navFor(v.role()), PATH, h.toString());
    }
}
