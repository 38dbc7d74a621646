package io.rollcall.collector.console;

import static io.rollcall.collector.console.Html.esc;
import static io.rollcall.collector.console.Html.when;

import io.rollcall.collector.devices.DeviceQueries;
import io.rollcall.collector.findings.Policy;
import io.rollcall.collector.http.Role;
import io.rollcall.collector.loans.LoanService;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.function.Supplier;

/**
 * {@code /console}: sends each person to their role's home. The business manager's home, and the
 * technician's enrolment page with the collector address, CA fingerprint and installer links.
 */
public final class HomePages implements ConsoleModule {
    private final DeviceQueries devices;
    private final Supplier<Policy> policy;
    private final Clock clock;
    private final Supplier<String> url;
    private final Supplier<String> caFingerprint;
    private final LoanService loans;
    private ConsoleRouter console;

    public HomePages(DeviceQueries devices, Supplier<Policy> policy, Clock clock, Supplier<String> url,
                     Supplier<String> caFingerprint, LoanService loans) {
        this.loans = loans;
        this.devices = devices;
        this.policy = policy;
        this.clock = clock;
        this.url = url;
        this.caFingerprint = caFingerprint;
    }

    /** Where each role lands after signing in. */
    public static String home(Role role) {
        return switch (role) {
            case ADMIN -> "/console/users";
            case TECHNICIAN -> "/console/devices";
            case BUSINESS_MANAGER -> "/console/business";
            case SLT -> "/console/compliance";
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
        var staleBefore = clock.instant().minus(Duration.ofDays(policy.get().staleDays()));
        var stale = devices.list(null, true, null, null, staleBefore, 10, 0);
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

    private String enrol(RoutingContext ctx, Viewer v) {
        String h = "<dl class=\"facts\"><dt>Collector address</dt><dd><code>" + esc(url.get()) + "</code></dd>"
                + "<dt>CA fingerprint (SHA-256)</dt><dd><code>" + esc(caFingerprint.get()) + "</code></dd>"
                + "<dt>Enrolment token</dt><dd>Printed once when the collector first started, and kept in "
                + "<code>first-run.json</code> in its data directory (mode 0600). The collector stores only its hash.</dd></dl>"
                + "<h2>Enrol one machine by hand</h2><pre>java -jar rollcall-agent.jar enroll --server " + esc(url.get())
                + " --token &lt;enrolment token&gt; --ca-fingerprint " + esc(caFingerprint.get()) + "</pre>"
                + "<h2>Installers</h2><p class=\"notice\">Installer downloads (.deb, .msi, .pkg) carrying this address, "
                + "token and fingerprint appear here when installer builds are added to this collector.</p>";
        return Layout.page("Enrol devices", v, console.navFor(v.role()), "/console/enrol", h);
    }
}
