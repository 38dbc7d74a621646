package io.rollcall.collector.jobs;

import io.rollcall.collector.http.Api;
import io.rollcall.collector.http.ApiModule;
import io.rollcall.collector.http.ApiRouter;
import io.rollcall.collector.http.Role;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /api/v1/cluster/jobs} (admin): this node's member id, the cluster's members, and for each scheduled job its period, the node
 * holding its lease, the run in progress, the last run that ended and the recent history (which node, when,
 * outcome). The same answer from every node: it is read from the cluster. Hazelcast reads run on the worker pool.
 */
public final class JobHandlers implements ApiModule {
    private final WorkerExecutor blocking;
    private final ClusterJobs jobs;

    public JobHandlers(WorkerExecutor blocking, ClusterJobs jobs) {
        this.blocking = blocking;
        this.jobs = jobs;
    }

    @Override
    public void mount(ApiRouter api) {
        api.get("/api/v1/cluster/jobs", Role.ADMIN_ONLY, this::list);
    }

    private void list(RoutingContext ctx) {
        blocking.executeBlocking(() -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("node", jobs.node());
            out.put("members", jobs.members());
            out.put("jobs", jobs.describe());
            return out;
        }, false).onSuccess(body -> Api.json(ctx, 200, body)).onFailure(ctx::fail);
    }
}
