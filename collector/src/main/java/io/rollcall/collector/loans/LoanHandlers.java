package io.rollcall.collector.loans;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.assets.Fields;
import io.rollcall.collector.http.JsonBody;
import io.rollcall.collector.http.Api;
import io.rollcall.collector.http.ApiException;
import io.rollcall.collector.http.ApiModule;
import io.rollcall.collector.http.ApiRouter;
import io.rollcall.collector.http.Principal;
import io.rollcall.collector.http.Query;
import io.rollcall.collector.http.Role;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code /api/v1/loans}, a person's holdings and the loans export. Business managers lend and read;
 * every role may read the export. SQL and PDF rendering run on the worker pool.
 */
public final class LoanHandlers implements ApiModule {
    private static final Map<String, LoanStore.Filter> STATES = Map.of("all", LoanStore.Filter.ALL,
            "out", LoanStore.Filter.OUT, "overdue", LoanStore.Filter.OVERDUE, "due-soon", LoanStore.Filter.DUE_SOON,
            "returned", LoanStore.Filter.RETURNED, "lost", LoanStore.Filter.LOST, "closed", LoanStore.Filter.CLOSED,
            "silent", LoanStore.Filter.OUT);
    private final WorkerExecutor blocking;
    private final LoanService loans;

    public LoanHandlers(WorkerExecutor blocking, LoanService loans) {
        this.blocking = blocking;
        this.loans = loans;
    }

    @Override
    public void mount(ApiRouter api) {
        api.get("/api/v1/loans", Role.BUSINESS_MANAGERS, this::list);
        api.post("/api/v1/loans", Role.BUSINESS_MANAGERS, JsonBody.limit(16 * 1024), this::lend);
        // before /loans/:id so "terms" is not taken for a loan id
        api.get("/api/v1/loans/terms", Role.BUSINESS_MANAGERS, this::terms);
        api.put("/api/v1/loans/terms", Role.BUSINESS_MANAGERS, JsonBody.limit(64 * 1024), this::setTerms);
        api.get("/api/v1/loans/:id", Role.BUSINESS_MANAGERS, this::get);
        api.post("/api/v1/loans/:id/acknowledge", Role.BUSINESS_MANAGERS, JsonBody.limit(16 * 1024), this::acknowledge);
        api.post("/api/v1/loans/:id/return", Role.BUSINESS_MANAGERS, JsonBody.limit(16 * 1024), this::returnLoan);
        api.post("/api/v1/loans/:id/lost", Role.BUSINESS_MANAGERS, JsonBody.limit(16 * 1024), this::lost);
        api.get("/api/v1/loans/:id/receipt", Role.BUSINESS_MANAGERS, this::receipt);
        api.get("/api/v1/loans/:id/inspection", Role.BUSINESS_MANAGERS, this::inspection);
        api.get("/api/v1/people/:id/holdings", Role.BUSINESS_MANAGERS, this::holdings);
        api.get("/api/v1/exports/loans.csv", Role.READERS, this::export);
    }

    private static LoanStore.Filter filter(RoutingContext ctx) {
        String state = Query.text(ctx, "state", 16);
        LoanStore.Filter f = STATES.get(state == null ? "all" : state);
        if (f == null) {
            throw ApiException.badRequest("state: was '" + state + "', must be one of "
                    + STATES.keySet().stream().sorted().toList());
        }
        return f;
    }

    void list(RoutingContext ctx) {
        LoanStore.Filter f = filter(ctx);
        boolean silent = "silent".equals(Query.text(ctx, "state", 16));
        UUID person = Query.uuid("person", Query.text(ctx, "person", 36));
        String tag = Query.text(ctx, "asset", 64);
        int limit = Query.integer(ctx, "limit", 200, 1, 1000);
        int offset = Query.integer(ctx, "offset", 0, 0, 10_000_000);
        blocking.executeBlocking(() -> loans.list(f, silent, person, tag, limit, offset), false)
                .onSuccess(items -> Api.json(ctx, 200, Map.of("items", items))).onFailure(ctx::fail);
    }

    void lend(RoutingContext ctx) {
        JsonNode b = JsonBody.object(ctx);
        String tag = Fields.text(b, "assetTag", 64, true);
        UUID person = Query.uuid("personId", Fields.text(b, "personId", 36, true));
        java.time.Instant due = Fields.instant(b, "dueAt", true);
        String condition = Fields.text(b, "conditionOut", 512, false);
        String actor = Principal.of(ctx).id();
        blocking.executeBlocking(() -> loans.lend(tag, person, due, condition, actor), false)
                .onSuccess(l -> Api.json(ctx, 201, l)).onFailure(ctx::fail);
    }

    void get(RoutingContext ctx) {
        UUID id = Query.uuid("id", ctx.pathParam("id"));
        blocking.executeBlocking(() -> loans.get(id), false).onSuccess(l -> Api.json(ctx, 200, l)).onFailure(ctx::fail);
    }

    void acknowledge(RoutingContext ctx) {
        UUID id = Query.uuid("id", ctx.pathParam("id"));
        String typed = Fields.text(JsonBody.object(ctx), "typedName", 256, true);
        blocking.executeBlocking(() -> loans.acknowledge(id, typed), false)
                .onSuccess(l -> Api.json(ctx, 200, l)).onFailure(ctx::fail);
    }

    void returnLoan(RoutingContext ctx) {
        UUID id = Query.uuid("id", ctx.pathParam("id"));
        JsonNode b = JsonBody.object(ctx);
        String condition = Fields.text(b, "conditionIn", 512, true);
        Principal who = Principal.of(ctx);
        String receivedBy = Fields.text(b, "receivedBy", 256, false);
        String assetStatus = Fields.oneOf(b, "assetStatus", Set.of("in-stock", "repair"), "in-stock");
        blocking.executeBlocking(() -> loans.returnLoan(id, condition, receivedBy == null ? who.name() : receivedBy,
                assetStatus, who.id()), false).onSuccess(l -> Api.json(ctx, 200, l)).onFailure(ctx::fail);
    }

    void lost(RoutingContext ctx) {
        UUID id = Query.uuid("id", ctx.pathParam("id"));
        JsonNode b = JsonBody.object(ctx);
        String kind = Fields.oneOf(b, "kind", Set.of("lost", "stolen"), null);
        String note = Fields.text(b, "note", 512, false);
        String actor = Principal.of(ctx).id();
        blocking.executeBlocking(() -> loans.reportLoss(id, kind, note, actor), false)
                .onSuccess(l -> Api.json(ctx, 200, l)).onFailure(ctx::fail);
    }

    void receipt(RoutingContext ctx) {
        UUID id = Query.uuid("id", ctx.pathParam("id"));
        String k = Query.text(ctx, "kind", 8);
        ReceiptPdf.Kind kind;
        if (k == null) {
            kind = null;
        } else if (k.equals("issue") || k.equals("return")) {
            kind = k.equals("issue") ? ReceiptPdf.Kind.ISSUE : ReceiptPdf.Kind.RETURN;
        } else {
            throw ApiException.badRequest("kind: was '" + k + "', must be issue or return");
        }
        blocking.executeBlocking(() -> loans.receipt(id, kind), false).onSuccess(pdf -> ctx.response()
                .putHeader("Content-Type", "application/pdf")
                .putHeader("Content-Disposition", "attachment; filename=\"loan-" + id + ".pdf\"")
                .end(Buffer.buffer(pdf))).onFailure(ctx::fail);
    }

    void inspection(RoutingContext ctx) {
        UUID id = Query.uuid("id", ctx.pathParam("id"));
        blocking.executeBlocking(() -> loans.inspection(id), false)
                .onSuccess(r -> Api.json(ctx, 200, r)).onFailure(ctx::fail);
    }

    void holdings(RoutingContext ctx) {
        UUID id = Query.uuid("id", ctx.pathParam("id"));
        blocking.executeBlocking(() -> loans.holdings(id), false)
                .onSuccess(r -> Api.json(ctx, 200, r)).onFailure(ctx::fail);
    }

    void terms(RoutingContext ctx) {
        blocking.executeBlocking(loans::currentTerms, false).onSuccess(t -> Api.json(ctx, 200, t)).onFailure(ctx::fail);
    }

    void setTerms(RoutingContext ctx) {
        JsonNode b = JsonBody.object(ctx);
        JsonNode t = b.get("text");
        if (t == null || !t.isTextual() || t.asText().isBlank()) {
            throw ApiException.badRequest("text: the terms text is required");
        }
        if (t.asText().length() > 20_000) {
            throw ApiException.badRequest("text: is " + t.asText().length() + " characters, the limit is 20000");
        }
        String text = t.asText().strip();
        String actor = Principal.of(ctx).id();
        blocking.executeBlocking(() -> loans.setTerms(text, actor), false)
                .onSuccess(r -> Api.json(ctx, 201, r)).onFailure(ctx::fail);
    }

    void export(RoutingContext ctx) {
        LoanStore.Filter f = filter(ctx);
        blocking.executeBlocking(() -> LoansCsv.write(loans.rows(f, 100_000), loans.clockNow()), false)
                .onSuccess(csv -> ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
                        .putHeader("Content-Disposition", "attachment; filename=\"loans.csv\"").end(csv))
                .onFailure(ctx::fail);
    }
}
