package io.rollcall.collector.acklinks;

import io.rollcall.collector.http.Api;
import io.rollcall.collector.http.ApiModule;
import io.rollcall.collector.http.ApiRouter;
import io.rollcall.collector.http.Principal;
import io.rollcall.collector.http.Query;
import io.rollcall.collector.http.Role;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code GET /api/v1/loans/unacknowledged} and {@code POST /api/v1/loans/{id}/ack-link} (re-send the borrower's
 * acknowledgement link). Mounted before the loan routes, so "unacknowledged" is not read as a loan id. Business
 * managers only; SQL and SMTP run on the worker pool.
 */
public final class AckLinkHandlers implements ApiModule {
    private final WorkerExecutor blocking;
    private final AckLinks links;

    public AckLinkHandlers(WorkerExecutor blocking, AckLinks links) {
        this.blocking = blocking;
        this.links = links;
    }

    @Override
    public void mount(ApiRouter api) {
        api.get("/api/v1/loans/unacknowledged", Role.BUSINESS_MANAGERS, this::unacknowledged);
        api.post("/api/v1/loans/:id/ack-link", Role.BUSINESS_MANAGERS, this::resend);
    }

    void unacknowledged(RoutingContext ctx) {
        int limit = Query.integer(ctx, "limit", 200, 1, 1000);
        int offset = Query.integer(ctx, "offset", 0, 0, 10_000_000);
        blocking.executeBlocking(() -> links.unacknowledged(limit, offset), false)
                .onSuccess(items -> Api.json(ctx, 200, Map.of("items", view(items)))).onFailure(ctx::fail);
    }

    static List<Map<String, Object>> view(List<AckLinkStore.Pending> items) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (AckLinkStore.Pending p : items) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("loanId", p.loanId());
            m.put("batchId", p.batchId());
            m.put("assetTag", p.assetTag());
            Map<String, Object> who = new LinkedHashMap<>();
            who.put("id", p.personId());
            who.put("staffId", p.staffId());
            who.put("name", p.name());
            who.put("email", p.email());
            m.put("borrower", who);
            m.put("outAt", p.outAt());
            m.put("dueAt", p.dueAt());
            m.put("linksSent", p.linksSent());
            m.put("lastSentAt", p.lastSentAt());
            out.add(m);
        }
        return out;
    }

    void resend(RoutingContext ctx) {
        UUID id = Query.uuid("id", ctx.pathParam("id"));
        String actor = Principal.of(ctx).id();
        blocking.executeBlocking(() -> links.resend(id, actor), false)
                .onSuccess(r -> Api.json(ctx, 200, r)).onFailure(ctx::fail);
    }
}
