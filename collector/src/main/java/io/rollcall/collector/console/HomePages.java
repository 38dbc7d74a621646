package io.rollcall.collector.console;

import static io.rollcall.collector.console.Html.esc;
import static io.rollcall.collector.console.Html.when;

import io.rollcall.collector.devices.DeviceQueries;
import io.rollcall.collector.enrollment.EnrollmentInfo;
import io.rollcall.collector.enrollment.EnrollmentService;
import io.rollcall.collector.findings.Policy;
import io.rollcall.collector.http.Role;
import io.rollcall.collector.loans.LoanService;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /console}: sends each person to their role's home. The business manager's home, and the
 * technician's enrolment page with the collector address, CA fingerprint and installer links.
 */
public final class HomePages implements ConsoleModule {
    private final DeviceQueries devices;
    private final Supplier<Policy> policy;
    private final Clock clock;
    private final EnrollmentService enrollment;
    private final LoanService loans;
    private ConsoleRouter console;

    public HomePages(DeviceQueries devices, Supplier<Policy> policy, Clock clock, EnrollmentService enrollment,
                     LoanService loans) {
        this.loans = loans;
        this.devices = devices;
        this.policy = policy;
        this.clock = clock;
        this.enrollment = enrollment;
    }

    /** Where each role lands after signing in. */
    public static String home(Role role) {
        return switch (role) {
            case ADMIN -> "/console/users";
            case TECHNICIAN -> "/console/devices";
            case BUSINESS_MANAGER -> "/console/business";
            case SLT -> "/console/compliance";
            case STAFF -> "/console/my-device";
        };
    }

    @Override
    public void mount(ConsoleRouter console) {
        this.console = console;
        console.router().get("/console").handler(ctx -> ctx.response().setStatusCode(303)
                .putHeader("Location", "/console/home").end());
        console.page("/console/home", Role.ANYONE, (ctx, v) -> {
            ctx.response().setStatusCode(303).putHeader("Location", home(v.role()));
            return "";
        });
        console.nav("Loans and assets", "/console/business", EnumSet.of(Role.ADMIN, Role.BUSINESS_MANAGER));
        console.page("/console/business", EnumSet.of(Role.ADMIN, Role.BUSINESS_MANAGER), this::business);
        console.nav("Enrol devices", "/console/enrol", Role.TECHNICIANS);
        console.page("/console/enrol", Role.TECHNICIANS, this::enrol);
    }

    private String business(RoutingContext ctx, Viewer v) throws Exception {
        var stale = devices.list(null, true, null, null, 10, 0);
        StringBuilder h = new StringBuilder();
        LoanService.Counts n = loans.counts();
        h.append("<div class=\"cards\">")
                .append(card("overdue", n.overdue(), "Overdue", n.overdue() > 0))
                .append(card("due-soon", n.dueSoon(), "Due within " + loans.settings().dueSoonDays() + " days", false))
                .append(card("leavers", n.leaversWithKit(), "Leavers still holding kit", n.leaversWithKit() > 0))
                .append(card("out", n.out(), "Out now", false))
                .append("</div><p><a class=\"button\" href=\"/console/loans/new\">Lend an asset</a> ")
                .append("<a href=\"/console/assets\">Assets</a> · <a href=\"/console/staff\">Staff and CSV import</a> · ")
                .append("<a href=\"/console/loans?view=silent\">Lent laptops gone silent</a> · ")
                .append("<a href=\"/api/v1/exports/loans.csv\" download>loans.csv</a></p>");
        h                .append("<h2>Laptops not reporting</h2><p>").append(stale.total())
                .append(" devices have sent no report in ").append(policy.get().staleDays()).append(" days.</p>")
                .append("<table><thead><tr><th scope=\"col\">Host name</th><th scope=\"col\">Serial</th>")
                .append("<th scope=\"col\">Last report</th></tr></thead><tbody>");
        for (var d : stale.items()) {
            h.append("<tr><td>").append(esc(d.hostname())).append("</td><td>").append(esc(d.serialNumber()))
                    .append("</td><td>").append(when(d.lastSeenAt())).append("</td></tr>");
        }
        if (stale.items().isEmpty()) {
            h.append("<tr><td colspan=\"3\">Every device is reporting.</td></tr>");
        }
        h.append("</tbody></table><p><a href=\"/console/devices?seen=stale\">All devices not reporting</a> · ")
                .append("<a href=\"/console/devices\">All devices with last report and compliance</a></p>");
        return Layout.page("Loans and assets", v, console.navFor(v.role()), "/console/business", h.toString());
    }

    private static String card(String view, long count, String label, boolean alarm) {
        return "<a class=\"card" + (alarm ? " alarm" : "") + "\" href=\"/console/loans?view=" + view + "\"><span class=\"big\">"
                + count + "</span>" + esc(label) + "</a>";
    }

    /**
     * The enrolment page: only technicians and admins reach it, and the token is in the page body only (never in a
     * URL or a log line); the response is not cached.
     */
    private String enrol(RoutingContext ctx, Viewer v) throws Exception {
        EnrollmentInfo info = enrollment.info();
        ctx.response().putHeader("Cache-Control", "no-store");
        StringBuilder h = new StringBuilder("<dl class=\"facts\"><dt>Collector address</dt><dd><code id=\"collector-url\">")
                .append(esc(info.collectorUrl())).append("</code></dd><dt>CA fingerprint (SHA-256)</dt><dd><code id=\"ca-fingerprint\">")
                .append(esc(info.caFingerprint())).append("</code></dd><dt>Enrolment token</dt><dd>");
        if (info.enrollToken() != null) {
            h.append("<code id=\"enroll-token\">").append(esc(info.enrollToken())).append("</code> <span class=\"muted\">(from ")
                    .append(esc(info.enrollTokenSource())).append("; anyone holding it can enrol a device, so share it "
                            + "only with the people deploying the agent)</span>");
        } else {
            h.append("Not known to this collector any more (it keeps only its hash). Use the token you saved when it "
                    + "first started; the commands below show <code>&lt;enrolment token&gt;</code> in its place.");
        }
        h.append("</dd></dl>");
        // issue 11: per-group tokens and re-enrolments waiting for approval live on their own pages
        h.append("<p><a href=\"/console/enrol/tokens\">Enrolment tokens</a> (one per group of machines, with an end date "
                + "and a device limit) · <a href=\"/console/enrol/pending\">Re-enrolments waiting for approval</a></p>");
        h.append("<h2 id=\"installers\">Installers</h2>");
        if (info.installers().isEmpty()) {
            h.append("<p class=\"notice\">No installer has been copied to this collector yet. Build them (see the agent's "
                    + "README) and copy <code>rollcall-agent-x64.msi</code>, <code>rollcall-agent_amd64.deb</code> or "
                    + "<code>rollcall-agent.pkg</code> into its <code>installers</code> directory; they appear here.</p>");
        } else {
            h.append("<ul>");
            for (EnrollmentInfo.Installer i : info.installers()) {
                h.append("<li><a download href=\"").append(esc(i.downloadPath())).append("\">").append(esc(i.file()))
                        .append("</a> (").append(esc(i.platform())).append(", ").append(i.sizeBytes() / 1024).append(" KiB)</li>");
            }
            h.append("</ul>");
        }
        h.append("<h2>Install commands</h2><p>Run on the machine to enrol, from the folder holding the installer. "
                + "Each line carries this collector's address, fingerprint and token.</p>");
        Map<String, String> labels = Map.of("windows", "Windows (msiexec, as administrator)", "debian",
                "Debian and Ubuntu (apt-get)", "macos", "macOS (installer)", "manual", "Enrol an installed agent by hand");
        for (var e : info.commands().entrySet()) {
            h.append("<h3 id=\"cmd-").append(esc(e.getKey())).append("-label\">")
                    .append(esc(labels.getOrDefault(e.getKey(), e.getKey()))).append("</h3><pre class=\"command\" id=\"cmd-")
                    .append(esc(e.getKey())).append("\" tabindex=\"0\" aria-labelledby=\"cmd-").append(esc(e.getKey()))
                    .append("-label\">").append(esc(e.getValue())).append("</pre>");
        }
        return Layout.page("Enrol devices", v, console.navFor(v.role()), "/console/enrol", h.toString());
    }
}
