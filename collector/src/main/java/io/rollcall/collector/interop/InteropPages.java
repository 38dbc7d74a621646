package io.rollcall.collector.interop;

import static io.rollcall.collector.console.Html.badge;
import static io.rollcall.collector.console.Html.esc;
import static io.rollcall.collector.console.Html.when;

import io.rollcall.collector.console.ConsoleModule;
import io.rollcall.collector.console.ConsoleRouter;
import io.rollcall.collector.console.Layout;
import io.rollcall.collector.console.Viewer;
import io.rollcall.collector.http.ApiException;
import io.rollcall.collector.http.Query;
import io.rollcall.collector.http.Role;
import io.vertx.ext.web.RoutingContext;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The console's view of devices that FusionInventory and OCS agents report: on each such device's page a note naming
 * the agent and saying that its identity rests on a shared credential (the enrolment token), and the page
 * {@code /console/interop} listing those devices and their open "cannot verify" findings, filterable by the agent whose
 * reason they carry ({@code ?agent=FusionInventory 2.6} shows what is "not collected by FusionInventory 2.6").
 */
public final class InteropPages implements ConsoleModule {
    static final String PATH = "/console/interop";
    static final Set<Role> ROLES = EnumSet.of(Role.ADMIN, Role.TECHNICIAN, Role.BUSINESS_MANAGER);
    private static final int LIMIT = 500;
    private final ForeignDevices foreign;
    private ConsoleRouter console;

    public InteropPages(ForeignDevices foreign) {
        this.foreign = foreign;
    }

    @Override
    public void mount(ConsoleRouter console) {
        this.console = console;
        console.nav("Other agents", PATH, ROLES);
        console.page(PATH, ROLES, this::page);
        console.deviceNote(this::note);
    }

    String note(UUID deviceId) throws Exception {
        ForeignDevices.Info i = foreign.info(deviceId);
        if (i == null) {
            return "";
        }
        return "<div class=\"notice\" role=\"note\" id=\"reported-by\"><p>" + badge("warn", "shared credential")
                + " Reported by <strong>" + esc(i.agentLabel()) + "</strong> (" + esc(i.agentRaw())
                + ", agent DEVICEID " + esc(i.agentDeviceId()) + ") through <code>POST /ocsinventory</code>. "
                + "Its identity rests on a shared credential, the enrolment token &ldquo;" + esc(i.tokenLabel())
                + "&rdquo;, which every device of the school may hold: unlike Rollcall's agent it has no secret of its "
                + "own, so anyone with the token can report as this device. What that agent does not collect is "
                + "&ldquo;unknown&rdquo;: <a href=\"" + PATH + "?agent=" + io.rollcall.collector.console.Html.url(
                        i.agentLabel()) + "\">not collected by " + esc(i.agentLabel()) + "</a>.</p></div>";
    }

    private String page(RoutingContext ctx, Viewer v) throws Exception {
        String wanted = Query.text(ctx, "agent", 100);
        List<ForeignDevices.Agent> agents = foreign.agents();
        ForeignDevices.Agent agent = null;
        if (wanted != null) {
            agent = agents.stream().filter(a -> a.label().equals(wanted)).findFirst().orElseThrow(
                    () -> ApiException.badRequest("agent: no device here is reported by '" + wanted + "'"));
        }
        StringBuilder h = new StringBuilder();
        h.append("<form class=\"filters\" method=\"get\" action=\"").append(PATH).append("\" role=\"search\">")
                .append("<label for=\"agent\">Unknown because not collected by<select id=\"agent\" name=\"agent\">")
                .append("<option value=\"\">any of these agents</option>");
        for (ForeignDevices.Agent a : agents) {
            h.append("<option").append(a.equals(agent) ? " selected" : "").append('>').append(esc(a.label()))
                    .append("</option>");
        }
        h.append("</select></label><button type=\"submit\">Filter</button></form>");

        List<ForeignDevices.Unknown> unknowns = foreign.unknowns(agent, LIMIT);
        h.append("<div class=\"scroll\"><table id=\"unknowns\"><caption class=\"muted\">Open findings that cannot be "
                + "verified</caption><thead><tr><th scope=\"col\">Host name</th><th scope=\"col\">Rule</th>"
                + "<th scope=\"col\">Why unknown</th></tr></thead><tbody>");
        for (ForeignDevices.Unknown u : unknowns) {
            h.append("<tr><td><a href=\"/console/devices/").append(u.deviceId()).append("\">")
                    .append(esc(u.hostname() == null ? u.deviceId().toString() : u.hostname())).append("</a></td><td>")
                    .append(esc(u.rule())).append("</td><td>").append(badge("unknown", u.reason())).append("</td></tr>");
        }
        if (unknowns.isEmpty()) {
            h.append("<tr><td colspan=\"3\">No open unknown findings on devices of ")
                    .append(agent == null ? "these agents" : esc(agent.label())).append(".</td></tr>");
        }
        h.append("</tbody></table></div>");

        h.append("<div class=\"scroll\"><table id=\"foreign-devices\"><caption class=\"muted\">Devices reported by "
                + "FusionInventory or OCS Inventory agents (identity on a shared credential)</caption><thead><tr>"
                + "<th scope=\"col\">Device</th><th scope=\"col\">Agent</th><th scope=\"col\">Agent DEVICEID</th>"
                + "<th scope=\"col\">Enrolment token</th><th scope=\"col\">Last inventory</th></tr></thead><tbody>");
        for (ForeignDevices.Info i : foreign.list(LIMIT)) {
            if (agent != null && !agent.label().equals(i.agentLabel())) {
                continue;
            }
            h.append("<tr><td><a href=\"/console/devices/").append(i.deviceId()).append("\">").append(i.deviceId())
                    .append("</a></td><td>").append(esc(i.agentLabel())).append("</td><td>")
                    .append(esc(i.agentDeviceId())).append("</td><td>").append(esc(i.tokenLabel())).append("</td><td>")
                    .append(when(i.lastSeenAt())).append("</td></tr>");
        }
        h.append("</tbody></table></div>");
        return Layout.page("Other agents", v, console.navFor(v.role()), PATH, h.toString());
    }
}
