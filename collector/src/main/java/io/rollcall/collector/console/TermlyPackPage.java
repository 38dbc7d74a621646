package io.rollcall.collector.console;

import static io.rollcall.collector.console.Html.esc;

import io.rollcall.collector.evidence.EvidenceHandlers;
import io.rollcall.collector.evidence.PackText;
import io.rollcall.collector.evidence.TermlyPack;
import io.rollcall.collector.groups.GroupService;
import io.rollcall.collector.http.Query;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The termly pack as a page (admin, technician, SLT): the same {@link TermlyPack} the API and the governors' PDF
 * give, with a group filter. Each figure carries {@code data-figure="…"} naming where it lives in the pack's JSON,
 * so a reader (or a test) can check it against the API.
 */
public final class TermlyPackPage implements ConsoleModule {
    static final String PATH = "/console/termly-pack";
    private final TermlyPack pack;
    private final GroupService groups;
    private ConsoleRouter console;

    public TermlyPackPage(TermlyPack pack, GroupService groups) {
        this.pack = pack;
        this.groups = groups;
    }

    @Override
    public void mount(ConsoleRouter console) {
        this.console = console;
        console.nav("Termly pack", PATH, EvidenceHandlers.PACK_READERS);
        console.page(PATH, EvidenceHandlers.PACK_READERS, this::render);
    }

    private String render(RoutingContext ctx, Viewer v) throws Exception {
        String group = Query.text(ctx, "group", 128);
        TermlyPack.Pack p = pack.build(group);
        StringBuilder h = new StringBuilder();
        List<String> options = new ArrayList<>(List.of("", "All devices"));
        for (GroupService.Group g : groups.list()) {
            options.add(g.name());
            options.add(g.name());
        }
        h.append("<form method=\"get\" action=\"").append(PATH).append("\" class=\"filters no-print\">")
                .append(Form.select("pack-group", "group", "Group", group, options.toArray(String[]::new)))
                .append("<button type=\"submit\">Show</button></form>");
        String q = group == null ? "" : "?group=" + Html.url(group);
        h.append("<p class=\"no-print\"><a class=\"button\" href=\"/api/v1/evidence/pack.pdf").append(q)
                .append("\">Download the governors' PDF</a> <button type=\"button\" data-print>Print</button></p>");
        h.append("<p class=\"muted\">").append(esc(p.term().name())).append(": ").append(p.term().start())
                .append(" to ").append(p.term().end()).append(". Figures as of ").append(Html.when(p.generatedAt()))
                .append(p.group() == null ? ", all devices." : ", group " + esc(p.group()) + ".").append("</p>");

        h.append("<h2>Summary</h2><div class=\"cards\">")
                .append(card("Devices", fig("summary.devices", p.summary().devices()), ""))
                .append(card("Compliant", fig("summary.compliant", p.summary().compliant()),
                        pct(p.summary().compliant(), p.summary().devices())))
                .append(card("Not reporting", fig("summary.stale", p.summary().stale()), "devices"))
                .append("</div>");

        h.append("<h2>Trend since last term</h2><table><thead><tr><th scope=\"col\">When</th><th scope=\"col\">Devices"
                + "</th><th scope=\"col\">Compliant</th><th scope=\"col\">Share</th></tr></thead><tbody>");
        trendRow(h, "End of " + p.previousTerm().name(), "previousTermEnd", p.trend().get("previousTermEnd"));
        trendRow(h, "Start of this term", "termStart", p.trend().get("termStart"));
        trendRow(h, "Now", "now", p.trend().get("now"));
        h.append("</tbody></table>");
        if (p.group() != null) {
            h.append("<p class=\"muted\">Daily snapshots are of the whole fleet, so a group's trend shows now only.</p>");
        }

        h.append("<h2>Coverage</h2><table><thead><tr><th scope=\"col\">Check</th><th scope=\"col\">Devices reporting</th>"
                + "<th scope=\"col\">Meet it</th><th scope=\"col\">Do not</th><th scope=\"col\">Cannot verify</th>"
                + "</tr></thead><tbody>");
        coverageRow(h, "Screen lock", "screenLock", p.coverage().get("screenLock"));
        coverageRow(h, "Disk encryption", "encryption", p.coverage().get("encryption"));
        coverageRow(h, "Admin and daily accounts separate", "accountSeparation", p.coverage().get("accountSeparation"));
        coverageRow(h, "Daily account is not an administrator", "dailyAdmin", p.coverage().get("dailyAdmin"));
        h.append("</tbody></table>");

        h.append("<h2>Unsupported and unlicensed</h2><ul>")
                .append("<li>Unsupported operating systems: ").append(fig("unsupported.operatingSystems",
                        p.unsupported().get("operatingSystems"))).append(" devices</li>")
                .append("<li>Security updates overdue: ").append(fig("unsupported.updatesOverdue",
                        p.unsupported().get("updatesOverdue"))).append(" devices</li>")
                .append("<li>Unlicensed software: ").append(fig("unsupported.unlicensedSoftware",
                        p.unsupported().get("unlicensedSoftware"))).append(" devices</li>")
                .append("<li class=\"muted\">").append(esc(p.unsupported().get("unsupportedSoftwareNote"))).append("</li></ul>");

        h.append("<h2>Leavers still holding kit: ").append(fig("leaversHoldingKit.length", p.leaversHoldingKit().size()))
                .append("</h2>");
        if (!p.leaversHoldingKit().isEmpty()) {
            h.append("<ul>");
            p.leaversHoldingKit().forEach(l -> h.append("<li>").append(esc(l.name())).append(" (").append(esc(l.staffId()))
                    .append("): ").append(esc(l.assetType())).append(' ').append(esc(l.assetTag())).append(", out since ")
                    .append(LocalDate.ofInstant(l.outAt(), ZoneOffset.UTC)).append("</li>"));
            h.append("</ul>");
        }

        String source = null;
        for (TermlyPack.ControlStatus c : p.controls()) {
            if (!c.source().equals(source)) {
                source = c.source();
                String s = source;
                h.append("<h2>").append(esc(p.sources().stream().filter(x -> x.id().equals(s)).findFirst()
                        .map(x -> x.title()).orElse(s))).append("</h2>");
            }
            h.append("<section class=\"control\" id=\"control-").append(esc(c.id())).append("\"><h3>")
                    .append(esc(c.name())).append("</h3><p class=\"muted\">").append(esc(c.text())).append("</p>");
            if (!c.evidenced()) {
                h.append("<p>").append(esc(PackText.control(c))).append("</p></section>");
                continue;
            }
            String k = "controls." + c.id() + ".";
            h.append("<p>Meet it: ").append(fig(k + "meeting", c.meeting())).append(" of ")
                    .append(fig(k + "devices", c.devices())).append(" devices; do not: ")
                    .append(fig(k + "failing.length", c.failing().size())).append("; cannot be verified: ")
                    .append(fig(k + "cannotVerify", c.cannotVerify())).append(". Rules: ")
                    .append(esc(String.join(", ", c.rules()))).append(".</p>");
            if (!c.failing().isEmpty()) {
                h.append("<div class=\"scroll\"><table><caption>Devices not meeting ").append(esc(c.name()))
                        .append("</caption><thead><tr><th scope=\"col\">Device</th><th scope=\"col\">User</th>")
                        .append("<th scope=\"col\">Lent to</th><th scope=\"col\">Failing</th><th scope=\"col\">Since</th>")
                        .append("</tr></thead><tbody>");
                for (TermlyPack.Failing f : c.failing()) {
                    h.append("<tr data-device=\"").append(f.deviceId()).append("\"><td>")
                            .append(esc(f.hostname() == null ? f.deviceId() : f.hostname())).append("</td><td>")
                            .append(esc(f.user() == null ? "unknown" : f.user())).append("</td><td>")
                            .append(esc(f.borrower() == null ? "" : f.borrower())).append("</td><td>")
                            .append(esc(String.join(", ", f.rules()))).append("</td><td>")
                            .append(LocalDate.ofInstant(f.since(), ZoneOffset.UTC)).append(" (").append(f.days())
                            .append(" days)</td></tr>");
                }
                h.append("</tbody></table></div>");
            }
            h.append("</section>");
        }
        h.append("<h2>Sources</h2><ul>");
        p.sources().forEach(s -> h.append("<li>").append(esc(s.publisher())).append(", <cite>").append(esc(s.title()))
                .append("</cite>, ").append(esc(s.edition())).append(s.verified() ? "" : ". <strong>Not verified</strong>: "
                        + esc(s.note())).append("</li>"));
        h.append("</ul>");
        return Layout.page("Termly pack", v, console.navFor(v.role()), PATH, h.toString());
    }

    private static void trendRow(StringBuilder h, String label, String key, TermlyPack.Point pt) {
        h.append("<tr><th scope=\"row\">").append(esc(label)).append(pt == null || pt.day() == null ? "" : " (" + pt.day() + ")")
                .append("</th>");
        if (pt == null) {
            h.append("<td colspan=\"3\">no snapshot</td></tr>");
            return;
        }
        h.append("<td>").append(fig("trend." + key + ".devices", pt.devices())).append("</td><td>")
                .append(fig("trend." + key + ".compliant", pt.compliant())).append("</td><td>")
                .append(fig("trend." + key + ".compliantPercent", pt.compliantPercent())).append("%</td></tr>");
    }

    private static void coverageRow(StringBuilder h, String label, String key, TermlyPack.Coverage c) {
        String k = "coverage." + key + ".";
        h.append("<tr><th scope=\"row\">").append(esc(label)).append("</th><td>").append(fig(k + "reporting", c.reporting()))
                .append("</td><td>").append(fig(k + "meeting", c.meeting())).append("</td><td>")
                .append(fig(k + "failing", c.failing())).append("</td><td>").append(fig(k + "cannotVerify", c.cannotVerify()))
                .append("</td></tr>");
    }

    private static String fig(String key, Object value) {
        return "<span data-figure=\"" + esc(key) + "\">" + esc(value) + "</span>";
    }

    private static String pct(long part, long whole) {
        return (whole == 0 ? 0 : Math.round(100.0 * part / whole)) + "% of devices";
    }

    private static String card(String label, String bigHtml, String small) {
        return "<div class=\"card\"><span>" + esc(label) + "</span><span class=\"big\">" + bigHtml
                + "</span><span class=\"muted\">" + esc(small) + "</span></div>";
    }
}
