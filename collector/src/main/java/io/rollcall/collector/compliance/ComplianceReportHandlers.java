package io.rollcall.collector.compliance;

import io.rollcall.collector.http.Csv;
import io.rollcall.collector.findings.Policy;
import io.rollcall.collector.http.Api;
import io.rollcall.collector.http.ApiException;
import io.rollcall.collector.http.ApiModule;
import io.rollcall.collector.http.ApiRouter;
import io.rollcall.collector.http.Query;
import io.rollcall.collector.http.Role;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/compliance/trend?days=} (daily snapshots, oldest first) and
 * {@code GET /api/v1/exports/compliance.csv?by=day|rule&days=}: what SLT and governors read. Every
 * role may read them; they carry counts, never a device's software or accounts.
 */
public final class ComplianceReportHandlers implements ApiModule {
    private final WorkerExecutor blocking;
    private final ComplianceReports reports;
    private final FindingQueries findings;
    private final Supplier<Policy> policy;
    private final Clock clock;

    public ComplianceReportHandlers(WorkerExecutor blocking, ComplianceReports reports, FindingQueries findings,
                                    Supplier<Policy> policy, Clock clock) {
        this.blocking = blocking;
        this.reports = reports;
        this.findings = findings;
        this.policy = policy;
        this.clock = clock;
    }

    @Override
    public void mount(ApiRouter api) {
        api.get("/api/v1/compliance/trend", Role.READERS, this::trend);
        api.get("/api/v1/exports/compliance.csv", Role.READERS, this::csv);
    }

    private void trend(RoutingContext ctx) {
        int days = Query.integer(ctx, "days", 84, 1, 366);
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        blocking.executeBlocking(() -> Map.of("days", reports.trend(today, days)), false)
                .onSuccess(body -> Api.json(ctx, 200, body)).onFailure(ctx::fail);
    }

    private void csv(RoutingContext ctx) {
        String by = Query.text(ctx, "by", 8);
        if (by != null && !by.equals("day") && !by.equals("rule")) {
            throw ApiException.badRequest("by: was '" + by + "', must be day or rule");
        }
        int days = Query.integer(ctx, "days", 84, 1, 366);
        String group = Query.text(ctx, "group", 128);
        if (group != null && !"rule".equals(by)) {
            throw ApiException.badRequest("group: daily snapshots are of the whole fleet; use by=rule with group");
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        blocking.executeBlocking(() -> {
            StringBuilder out = new StringBuilder();
            if ("rule".equals(by)) {
                FindingQueries.Summary s = findings.summary(group);
                out.append("rule,devices_failing,percent_of_devices\r\n");
                s.byRule().forEach((rule, n) -> Csv.row(out, rule, n,
                        s.devices() == 0 ? 0 : Math.round(100.0 * n / s.devices())));
            } else {
                out.append("day,devices,compliant,compliant_percent,stale\r\n");
                for (ComplianceReports.DaySnapshot d : reports.trend(today, days)) {
                    Csv.row(out, d.day(), d.devices(), d.compliant(), d.compliantPercent(), d.stale());
                }
            }
            return out.toString();
        }, false).onSuccess(body -> ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
                .putHeader("Content-Disposition", "attachment; filename=\"compliance-" + (by == null ? "day" : by) + ".csv\"")
                .end(body)).onFailure(ctx::fail);
    }
}
