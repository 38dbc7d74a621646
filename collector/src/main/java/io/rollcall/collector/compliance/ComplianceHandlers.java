package io.rollcall.collector.compliance;

import io.rollcall.collector.findings.Policy;
import io.rollcall.collector.http.Api;
import io.rollcall.collector.http.ApiException;
import io.rollcall.collector.http.Query;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/findings} (pages by {@code offset}, or by the {@code after} cursor each page returns as
 * {@code next}) and {@code GET /api/v1/compliance/summary}. SQL runs on the worker pool.
 */
public final class ComplianceHandlers {
    private static final Set<String> STATUSES = Set.of("open", "resolved", "accepted");
    private final WorkerExecutor blocking;
    private final FindingQueries queries;
    private final Supplier<Policy> policy;
    private final Clock clock;

    public ComplianceHandlers(WorkerExecutor blocking, FindingQueries queries, Supplier<Policy> policy, Clock clock) {
        this.blocking = blocking;
        this.queries = queries;
        this.policy = policy;
        this.clock = clock;
    }

    public void findings(RoutingContext ctx) {
        String status = Query.text(ctx, "status", 16);
        if (status != null && !STATUSES.contains(status)) {
            throw ApiException.badRequest("status: was '" + status + "', must be one of open, resolved, accepted");
        }
        String rule = Query.text(ctx, "rule", 64);
        UUID device = Query.uuid("device", Query.text(ctx, "device", 64));
        int limit = Query.integer(ctx, "limit", 100, 1, 1000);
        int offset = Query.integer(ctx, "offset", 0, 0, 10_000_000);
        String after = Query.text(ctx, "after", 512);
        String group = Query.text(ctx, "group", 128);
        blocking.executeBlocking(() -> queries.list(status, rule, device, group, after, limit, offset), false)
                .onSuccess(page -> Api.json(ctx, 200, page)).onFailure(ctx::fail);
    }

    public void summary(RoutingContext ctx) {
        String group = Query.text(ctx, "group", 128);
        blocking.executeBlocking(() -> queries.summary(group), false)
                .onSuccess(s -> Api.json(ctx, 200, s)).onFailure(ctx::fail);
    }
}
