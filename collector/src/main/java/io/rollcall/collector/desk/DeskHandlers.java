package io.rollcall.collector.desk;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.assets.Fields;
import io.rollcall.collector.http.Api;
import io.rollcall.collector.http.ApiException;
import io.rollcall.collector.http.ApiModule;
import io.rollcall.collector.http.ApiRouter;
import io.rollcall.collector.http.JsonBody;
import io.rollcall.collector.http.Principal;
import io.rollcall.collector.http.Query;
import io.rollcall.collector.http.Role;
import io.rollcall.collector.loans.BatchLoans;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The desk: checking one scanned tag, lending a batch, acknowledging and printing it, and returns by scanning.
 * Business managers only. SQL and PDF rendering run on the worker pool.
 */
public final class DeskHandlers implements ApiModule {
    private final WorkerExecutor blocking;
    private final DeskCheck check;
    private final BatchLoans batches;

    public DeskHandlers(WorkerExecutor blocking, DeskCheck check, BatchLoans batches) {
        this.blocking = blocking;
        this.check = check;
        this.batches = batches;
    }

    @Override
    public void mount(ApiRouter api) {
        api.get("/api/v1/desk/check", Role.BUSINESS_MANAGERS, this::check);
        api.post("/api/v1/loans/batch", Role.BUSINESS_MANAGERS, JsonBody.limit(64 * 1024), this::lend);
        api.post("/api/v1/loans/returns", Role.BUSINESS_MANAGERS, JsonBody.limit(256 * 1024), this::returns);
        api.get("/api/v1/loans/batches/:id", Role.BUSINESS_MANAGERS, this::get);
        api.post("/api/v1/loans/batches/:id/acknowledge", Role.BUSINESS_MANAGERS, JsonBody.limit(16 * 1024),
                this::acknowledge);
        api.get("/api/v1/loans/batches/:id/receipt", Role.BUSINESS_MANAGERS, this::receipt);
    }

    void check(RoutingContext ctx) {
        String tag = Fields.clean("tag", Query.text(ctx, "tag", 64), 64, true);
        String m = Query.text(ctx, "mode", 8);
        DeskCheck.Mode mode;
        if ("lend".equals(m) || m == null) {
            mode = DeskCheck.Mode.LEND;
        } else if ("return".equals(m)) {
            mode = DeskCheck.Mode.RETURN;
        } else {
            throw ApiException.badRequest("mode: was '" + m + "', must be lend or return");
        }
        blocking.executeBlocking(() -> check.check(tag, mode), false)
                .onSuccess(r -> Api.json(ctx, 200, r)).onFailure(ctx::fail);
    }

    /** The {@code tags} array of a batch: strings, each a tag. */
    public static List<String> tags(JsonNode b) {
        JsonNode t = b.get("tags");
        if (t == null || !t.isArray()) {
            throw ApiException.badRequest("tags: must be an array of asset tags");
        }
        if (t.size() > BatchLoans.MAX_ITEMS) {
            throw ApiException.badRequest("tags: " + t.size() + " tags, the limit is " + BatchLoans.MAX_ITEMS);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            if (!t.get(i).isTextual()) {
                throw ApiException.badRequest("tags[" + i + "]: must be a string");
            }
            out.add(Fields.clean("tags[" + i + "]", t.get(i).asText(), 64, true));
        }
        return out;
    }

    void lend(RoutingContext ctx) {
        JsonNode b = JsonBody.object(ctx);
        List<String> tags = tags(b);
        UUID person = Query.uuid("personId", Fields.text(b, "personId", 36, true));
        Instant due = Fields.instant(b, "dueAt", true);
        String condition = Fields.text(b, "conditionOut", 512, false);
        String set = Fields.text(b, "setId", 36, false);
        UUID setId = set == null ? null : Query.uuid("setId", set);
        String actor = Principal.of(ctx).id();
        blocking.executeBlocking(() -> batches.lend(tags, person, due, condition, setId, actor), false)
                .onSuccess(r -> Api.json(ctx, 201, r)).onFailure(ctx::fail);
    }

    /** The {@code items} of a return: each {@code {tag, conditionIn, damaged}}; a damaged item must say how. */
    public static List<BatchLoans.ReturnItem> items(JsonNode b) {
        JsonNode t = b.get("items");
        if (t == null || !t.isArray()) {
            throw ApiException.badRequest("items: must be an array of {tag, conditionIn, damaged}");
        }
        if (t.size() > BatchLoans.MAX_ITEMS) {
            throw ApiException.badRequest("items: " + t.size() + " items, the limit is " + BatchLoans.MAX_ITEMS);
        }
        String dflt = Fields.text(b, "conditionIn", 512, false);
        List<BatchLoans.ReturnItem> out = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            JsonNode item = t.get(i);
            String at = "items[" + i + "]";
            if (!item.isObject()) {
                throw ApiException.badRequest(at + ": must be an object {tag, conditionIn, damaged}");
            }
            JsonNode tagNode = item.get("tag");
            if (tagNode == null || !tagNode.isTextual()) {
                throw ApiException.badRequest(at + ".tag: is required, as a string");
            }
            String tag = Fields.clean(at + ".tag", tagNode.asText(), 64, true);
            JsonNode d = item.get("damaged");
            if (d != null && !d.isNull() && !d.isBoolean()) {
                throw ApiException.badRequest(at + ".damaged: must be true or false");
            }
            boolean damaged = d != null && d.asBoolean(false);
            JsonNode cond = item.get("conditionIn");
            if (cond != null && !cond.isNull() && !cond.isTextual()) {
                throw ApiException.badRequest(at + ".conditionIn: must be a string");
            }
            String condition = Fields.clean(at + ".conditionIn", cond == null ? "" : cond.asText(""), 512, false);
            if (condition == null && damaged) {
                throw ApiException.badRequest(at + ".conditionIn: say what is damaged on '" + tag + "'");
            }
            out.add(new BatchLoans.ReturnItem(tag, condition != null ? condition : dflt != null ? dflt : "good", damaged));
        }
        return out;
    }

    void returns(RoutingContext ctx) {
        JsonNode b = JsonBody.object(ctx);
        List<BatchLoans.ReturnItem> items = items(b);
        Principal who = Principal.of(ctx);
        String receivedBy = Fields.text(b, "receivedBy", 256, false);
        blocking.executeBlocking(() -> batches.returnItems(items, receivedBy == null ? who.name() : receivedBy,
                who.id()), false).onSuccess(r -> Api.json(ctx, 200, r)).onFailure(ctx::fail);
    }

    void get(RoutingContext ctx) {
        UUID id = Query.uuid("id", ctx.pathParam("id"));
        blocking.executeBlocking(() -> batches.get(id), false).onSuccess(r -> Api.json(ctx, 200, r)).onFailure(ctx::fail);
    }

    void acknowledge(RoutingContext ctx) {
        UUID id = Query.uuid("id", ctx.pathParam("id"));
        String typed = Fields.text(JsonBody.object(ctx), "typedName", 256, true);
        blocking.executeBlocking(() -> batches.acknowledge(id, typed), false)
                .onSuccess(r -> Api.json(ctx, 200, r)).onFailure(ctx::fail);
    }

    void receipt(RoutingContext ctx) {
        UUID id = Query.uuid("id", ctx.pathParam("id"));
        blocking.executeBlocking(() -> batches.receipt(id), false).onSuccess(pdf -> ctx.response()
                .putHeader("Content-Type", "application/pdf")
                .putHeader("Content-Disposition", "attachment; filename=\"loan-batch-" + id + ".pdf\"")
                .end(Buffer.buffer(pdf))).onFailure(ctx::fail);
    }
}
