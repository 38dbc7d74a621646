package io.rollcall.collector.console;

import static io.rollcall.collector.console.Html.esc;

import io.rollcall.collector.compliance.ComplianceReports;
import io.rollcall.collector.compliance.FindingQueries;
import io.rollcall.collector.findings.Policy;
import io.rollcall.collector.http.Role;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * SLT's one page: the compliant share now, the rules failing most, the last 12 weeks as an inline SVG
 * chart, compliance by group, and a print layout that is the report for governors. Counts only.
 */
public final class CompliancePage implements ConsoleModule {
    static final int DAYS = 84;
    private final FindingQueries findings;
    private final ComplianceReports reports;
    private final Supplier<Policy> policy;
    private final Clock clock;
    private ConsoleRouter console;
    private io.rollcall.collector.groups.GroupService groups;

    public CompliancePage(FindingQueries findings, ComplianceReports reports, Supplier<Policy> policy, Clock clock) {
        this.findings = findings;
        this.reports = reports;
        this.policy = policy;
        this.clock = clock;
    }

    /** Issue 17: the school's named groups replace OS families in "By group", and {@code ?group=} filters the page. */
    public CompliancePage withGroups(io.rollcall.collector.groups.GroupService groups) {
        this.groups = groups;
        return this;
    }

    @Override
    public void mount(ConsoleRouter console) {
        this.console = console;
        console.nav("Compliance", "/console/compliance", Role.READERS);
        console.page("/console/compliance", Role.READERS, this::render);
    }

    private String render(RoutingContext ctx, Viewer v) throws Exception {
        String group = groups == null ? null : io.rollcall.collector.http.Query.text(ctx, "group", 128);
        FindingQueries.Summary s = findings.summary(group);
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        List<ComplianceReports.DaySnapshot> trend = reports.trend(today, DAYS);
        long pct = s.devices() == 0 ? 0 : Math.round(100.0 * s.compliant() / s.devices());

        StringBuilder h = new StringBuilder();
        h.append("<p class=\"no-print\"><button type=\"button\" data-print>Print the governors' report</button> ")
                .append("<a class=\"button\" href=\"/api/v1/exports/compliance.csv\">Download trend (CSV)</a> ")
                .append("<a class=\"button\" href=\"/api/v1/exports/compliance.csv?by=rule")
                .append(group == null ? "" : "&amp;group=" + Html.url(group)).append("\">Download rules (CSV)</a></p>")
                .append("<p class=\"muted\">As of ").append(Html.when(clock.instant()))
                .append(group == null ? "" : ", group " + esc(group) + " (the trend is of the whole fleet)").append(".</p>")
                .append("<div class=\"cards\">")
                .append(card("Compliant", pct + "%", s.compliant() + " of " + s.devices() + " devices"))
                .append(card("Not compliant", String.valueOf(s.devices() - s.compliant()), "devices"))
                .append(card("Not reporting", String.valueOf(s.stale()), "no report in " + policy.get().staleDays() + " days"))
                .append("</div>");

        h.append("<h2>Trend over the last 12 weeks</h2>").append(TrendChart.svg(trend, today, DAYS));

        h.append("<h2>Rules failing most</h2>");
        if (s.byRule().isEmpty()) {
            h.append("<p>No rule is failing on any device.</p>");
        } else {
            h.append("<table><thead><tr><th scope=\"col\">Rule</th><th scope=\"col\">Devices failing</th>")
                    .append("<th scope=\"col\">Share of devices</th></tr></thead><tbody>");
            s.byRule().entrySet().stream().limit(10).forEach(e -> h.append("<tr><td>").append(esc(e.getKey()))
                    .append("</td><td>").append(e.getValue()).append("</td><td>")
                    .append(s.devices() == 0 ? 0 : Math.round(100.0 * e.getValue() / s.devices())).append("%</td></tr>"));
            h.append("</tbody></table>");
        }

        List<ComplianceReports.GroupRow> rows = new java.util.ArrayList<>();
        if (groups != null) {
            for (var g : groups.list()) {
                FindingQueries.Summary gs = findings.summary(g.name());
                rows.add(new ComplianceReports.GroupRow(g.name(), gs.devices(), gs.compliant()));
            }
        }
        boolean named = !rows.isEmpty();
        if (!named) {
            rows = reports.byOsFamily();
        }
        h.append("<h2>By group</h2><p class=\"muted\">").append(named ? "The school's groups; a device may be in several."
                        : "Groups are operating-system families until device groups are set up.").append("</p>")
                .append("<table><thead><tr><th scope=\"col\">Group</th><th scope=\"col\">Devices</th>")
                .append("<th scope=\"col\">Compliant</th><th scope=\"col\">Share</th></tr></thead><tbody>");
        for (ComplianceReports.GroupRow g : rows) {
            h.append("<tr><td>").append(named ? "<a href=\"/console/compliance?group=" + Html.url(g.group()) + "\">"
                    + esc(g.group()) + "</a>" : esc(g.group())).append("</td><td>").append(g.devices()).append("</td><td>")
                    .append(g.compliant()).append("</td><td>")
                    .append(g.devices() == 0 ? 0 : Math.round(100.0 * g.compliant() / g.devices())).append("%</td></tr>");
        }
        h.append("</tbody></table>");
        return Layout.page("Compliance", v, console.navFor(v.role()), "/console/compliance", h.toString());
    }

    private static String card(String label, String big, String small) {
        return "<div class=\"card\"><span>" + esc(label) + "</span><span class=\"big\">" + esc(big)
                + "</span><span class=\"muted\">" + esc(small) + "</span></div>";
    }

    /** The trend as an inline SVG line of the daily compliant share, with a text table fallback for screen readers. */
    static final class TrendChart {
        private TrendChart() {
        }

        static String svg(List<ComplianceReports.DaySnapshot> days, LocalDate today, int span) {
            int w = 720;
            int hgt = 220;
            int left = 40;
            int bottom = 30;
            StringBuilder s = new StringBuilder("<figure><svg class=\"trend\" viewBox=\"0 0 " + w + " " + hgt
                    + "\" role=\"img\" aria-labelledby=\"trend-title\"><title id=\"trend-title\">Compliant share of devices per day, last 12 weeks</title>");
            for (int p = 0; p <= 100; p += 25) {
                double y = y(p, hgt, bottom);
                s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#d5dbe3\"/>", left, w - 10, y, y))
                        .append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%.1f\" font-size=\"12\" fill=\"#4f5b6b\">%d%%</text>", y + 4, p));
            }
            LocalDate first = today.minusDays(span - 1L);
            for (int wk = 0; wk <= span; wk += 14) {
                double x = x(wk, span, left, w);
                s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"12\" fill=\"#4f5b6b\">%s</text>",
                        x - 16, hgt - 8, first.plusDays(wk).toString().substring(5)));
            }
            StringBuilder pts = new StringBuilder();
            for (ComplianceReports.DaySnapshot d : days) {
                long i = d.day().toEpochDay() - first.toEpochDay();
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(i, span, left, w), y(d.compliantPercent(), hgt, bottom)));
            }
            if (!days.isEmpty()) {
                s.append("<polyline fill=\"none\" stroke=\"#0b5cad\" stroke-width=\"3\" points=\"").append(pts.toString().trim()).append("\"/>");
                for (String p : pts.toString().trim().split(" ")) {
                    String[] xy = p.split(",");
                    s.append("<circle r=\"3\" fill=\"#0b5cad\" cx=\"").append(xy[0]).append("\" cy=\"").append(xy[1]).append("\"/>");
                }
            }
            s.append("</svg><figcaption class=\"muted\">");
            s.append(days.isEmpty() ? "No daily snapshots yet: the first is taken when the collector starts."
                    : days.size() + " daily snapshots; latest " + days.get(days.size() - 1).compliantPercent() + "% compliant.");
            return s.append("</figcaption></figure>").toString();
        }

        private static double x(long dayIndex, int span, int left, int w) {
            return left + (w - left - 20) * (double) dayIndex / Math.max(1, span - 1);
        }

        private static double y(double pct, int hgt, int bottom) {
            return 10 + (hgt - bottom - 10) * (1 - pct / 100.0);
        }
    }
}
