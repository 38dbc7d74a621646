package io.rollcall.collector.software;

import io.rollcall.collector.http.Api;
import io.rollcall.collector.http.ApiException;
import io.rollcall.collector.http.ApiModule;
import io.rollcall.collector.http.ApiRouter;
import io.rollcall.collector.http.JsonBody;
import io.rollcall.collector.http.Principal;
import io.rollcall.collector.http.Query;
import io.rollcall.collector.http.Role;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/v1/software}: the catalogue, the review queue, decisions and the school's normalisation rules.
 * Reads and writes are for technicians. SQL and re-evaluation run on the worker pool.
 */
public final class SoftwareHandlers implements ApiModule {
    private static final Set<String> STATUSES = Set.of("unreviewed", "approved", "licence-required", "banned");
    private final WorkerExecutor blocking;
    private final SoftwareService service;
    private final CatalogueService catalogue;
    private final Clock clock;

    private final Renormaliser renormaliser;

    /** Without re-normalisation: a new rule applies to software lists that change from now on. */
    public SoftwareHandlers(WorkerExecutor blocking, SoftwareService service, CatalogueService catalogue, Clock clock) {
        this(blocking, service, catalogue, null, clock);
    }

    /** A new or changed rule also moves the installs already indexed that it changes ({@link Renormaliser}). */
    public SoftwareHandlers(WorkerExecutor blocking, SoftwareService service, CatalogueService catalogue,
                            Renormaliser renormaliser, Clock clock) {
        this.blocking = blocking;
        this.service = service;
        this.catalogue = catalogue;
        this.renormaliser = renormaliser;
        this.clock = clock;
    }

    @Override
    public void mount(ApiRouter api) {
        api.get("/api/v1/software/titles", Role.TECHNICIANS, this::titles);
        api.get("/api/v1/software/review", Role.TECHNICIANS, this::review);
        api.get("/api/v1/software/titles/:id", Role.TECHNICIANS, this::title);
        api.post("/api/v1/software/titles/:id/decision", Role.TECHNICIANS, JsonBody.json(), this::decide);
        api.get("/api/v1/software/rules", Role.TECHNICIANS, this::rules);
        api.post("/api/v1/software/rules", Role.TECHNICIANS, JsonBody.json(), this::addRule);
    }

    void titles(RoutingContext ctx) {
        String status = Query.text(ctx, "status", 24);
        if (status != null && !STATUSES.contains(status)) {
            throw ApiException.badRequest("status: was '" + status + "', must be one of unreviewed, approved, "
                    + "licence-required, banned");
        }
        list(ctx, status);
    }

    /** Unreviewed titles, newest first, each with how many devices hold it. */
    void review(RoutingContext ctx) {
        list(ctx, Statuses.UNREVIEWED);
    }

    private void list(RoutingContext ctx, String status) {
        String q = Query.text(ctx, "q", 128);
        int limit = Query.integer(ctx, "limit", 100, 1, 1000);
        int offset = Query.integer(ctx, "offset", 0, 0, 10_000_000);
        blocking.executeBlocking(() -> catalogue.store().titles(status, q, limit, offset), false)
                .onSuccess(page -> Api.json(ctx, 200, page)).onFailure(ctx::fail);
    }

    void title(RoutingContext ctx) {
        String id = SoftwareService.checkTitleId(ctx.pathParam("id"));
        blocking.executeBlocking(() -> {
            CatalogueStore.TitleRow t = catalogue.store().title(id);
            if (t == null) {
                throw ApiException.notFound("no software title " + id);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("title", t);
            out.put("decisions", catalogue.store().history(id));
            return out;
        }, false).onSuccess(body -> Api.json(ctx, 200, body)).onFailure(ctx::fail);
    }

    void decide(RoutingContext ctx) {
        String id = SoftwareService.checkTitleId(ctx.pathParam("id"));
        SoftwareService.DecisionRequest req = JsonBody.read(ctx, SoftwareService.DecisionRequest.class);
        SoftwareService.validate(req);
        String actor = Principal.of(ctx).id();
        blocking.executeBlocking(() -> service.decide(id, req, actor), false)
                .onSuccess(r -> Api.json(ctx, 200, r)).onFailure(ctx::fail);
    }

    void rules(RoutingContext ctx) {
        blocking.executeBlocking(() -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("school", catalogue.store().schoolRules());
            out.put("shipped", Normaliser.dictionary().size());
            out.put("skipped", catalogue.normaliser().skipped());
            return out;
        }, false).onSuccess(body -> Api.json(ctx, 200, body)).onFailure(ctx::fail);
    }

    /**
     * Adds or replaces a school rule. It applies to every report from now on and, before the answer, to the
     * installs already indexed whose title it changes; the answer is the rule plus {@code renormalised}.
     */
    void addRule(RoutingContext ctx) {
        NormalisationRule rule = JsonBody.read(ctx, NormalisationRule.class);
        List<String> problems = rule.problems("");
        if (!problems.isEmpty()) {
            throw ApiException.badRequest(String.join("; ", problems));
        }
        String actor = Principal.of(ctx).id();
        blocking.executeBlocking(() -> {
            catalogue.store().putRule(rule, actor, clock.instant());
            catalogue.changed();
            @SuppressWarnings("unchecked")
            Map<String, Object> out = new LinkedHashMap<>(
                    io.rollcall.common.wire.WireJson.mapper().convertValue(rule, Map.class));
            if (renormaliser != null) {
                out.put("renormalised", renormaliser.renormalise());
            }
            return out;
        }, false).onSuccess(r -> Api.json(ctx, 201, r)).onFailure(ctx::fail);
    }
}
