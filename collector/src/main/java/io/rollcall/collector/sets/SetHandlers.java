package io.rollcall.collector.sets;

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
import io.vertx.ext.web.RoutingContext;
import io.vertx.core.WorkerExecutor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code /api/v1/sets}: sets, their members, and lending or taking back a whole set as one batch. Business
 * managers only. SQL runs on the worker pool.
 */
public final class SetHandlers implements ApiModule {
    private final WorkerExecutor blocking;
    private final SetService sets;
    private final BatchLoans batches;

    public SetHandlers(WorkerExecutor blocking, SetService sets, BatchLoans batches) {
        this.blocking = blocking;
        this.sets = sets;
        this.batches = batches;
    }

    @Override
    public void mount(ApiRouter api) {
        api.get("/api/v1/sets", Role.BUSINESS_MANAGERS, this::list);
        api.post("/api/v1/sets", Role.BUSINESS_MANAGERS, JsonBody.limit(64 * 1024), this::create);
        api.get("/api/v1/sets/:id", Role.BUSINESS_MANAGERS, this::get);
        api.put("/api/v1/sets/:id", Role.BUSINESS_MANAGERS, JsonBody.limit(16 * 1024), this::update);
        api.delete("/api/v1/sets/:id", Role.BUSINESS_MANAGERS, this::delete);
        api.post("/api/v1/sets/:id/members", Role.BUSINESS_MANAGERS, JsonBody.limit(64 * 1024), this::addMembers);
        api.delete("/api/v1/sets/:id/members/:tag", Role.BUSINESS_MANAGERS, this::removeMember);
        api.post("/api/v1/sets/:id/lend", Role.BUSINESS_MANAGERS, JsonBody.limit(16 * 1024), this::lend);
    }

    /** The fields a set is made of, checked as the API and the console both check them. */
    public record Draft(String name, String kind, String location) {
        public static Draft of(JsonNode b) {
            return new Draft(Fields.text(b, "name", 128, true), Fields.oneOf(b, "kind", AssetSet.KINDS, "trolley"),
                    Fields.text(b, "location", 128, false));
        }
    }

    /** An optional {@code tags} array of asset tags. */
    public static List<String> tags(JsonNode b, boolean required) {
        JsonNode t = b.get("tags");
        if (t == null || t.isNull()) {
            if (required) {
                throw ApiException.badRequest("tags: is required");
            }
            return List.of();
        }
        if (!t.isArray()) {
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

    private static UUID id(RoutingContext ctx) {
        return Query.uuid("id", ctx.pathParam("id"));
    }

    void list(RoutingContext ctx) {
        int limit = Query.integer(ctx, "limit", 200, 1, 1000);
        int offset = Query.integer(ctx, "offset", 0, 0, 10_000_000);
        blocking.executeBlocking(() -> sets.list(limit, offset), false).onSuccess(l -> Api.json(ctx, 200,
                Map.of("items", l.stream().map(s -> Map.of("id", s.set().id(), "name", s.set().name(),
                        "kind", s.set().kind(), "location", s.set().location() == null ? "" : s.set().location(),
                        "members", s.members(), "out", s.out())).toList()))).onFailure(ctx::fail);
    }

    void create(RoutingContext ctx) {
        JsonNode b = JsonBody.object(ctx);
        Draft d = Draft.of(b);
        List<String> tags = tags(b, false);
        blocking.executeBlocking(() -> sets.view(sets.create(d.name(), d.kind(), d.location(), tags).id()), false)
                .onSuccess(s -> Api.json(ctx, 201, s)).onFailure(ctx::fail);
    }

    void get(RoutingContext ctx) {
        UUID id = id(ctx);
        blocking.executeBlocking(() -> sets.view(id), false).onSuccess(s -> Api.json(ctx, 200, s)).onFailure(ctx::fail);
    }

    void update(RoutingContext ctx) {
        UUID id = id(ctx);
        Draft d = Draft.of(JsonBody.object(ctx));
        blocking.executeBlocking(() -> sets.update(id, d.name(), d.kind(), d.location()), false)
                .onSuccess(s -> Api.json(ctx, 200, s)).onFailure(ctx::fail);
    }

    void delete(RoutingContext ctx) {
        UUID id = id(ctx);
        blocking.executeBlocking(() -> {
            sets.delete(id);
            return null;
        }, false).onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
    }

    void addMembers(RoutingContext ctx) {
        UUID id = id(ctx);
        List<String> tags = tags(JsonBody.object(ctx), true);
        blocking.executeBlocking(() -> sets.addMembers(id, tags), false)
                .onSuccess(s -> Api.json(ctx, 200, s)).onFailure(ctx::fail);
    }

    void removeMember(RoutingContext ctx) {
        UUID id = id(ctx);
        String tag = Fields.clean("tag", ctx.pathParam("tag"), 64, true);
        blocking.executeBlocking(() -> {
            sets.removeMember(id, tag);
            return null;
        }, false).onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
    }

    /** Lends every member of the set as one batch: all of them or, naming each that cannot go, none. */
    void lend(RoutingContext ctx) {
        UUID id = id(ctx);
        JsonNode b = JsonBody.object(ctx);
        UUID person = Query.uuid("personId", Fields.text(b, "personId", 36, true));
        Instant due = Fields.instant(b, "dueAt", true);
        String condition = Fields.text(b, "conditionOut", 512, false);
        String actor = Principal.of(ctx).id();
        blocking.executeBlocking(() -> {
            List<String> tags = sets.members(id);
            if (tags.isEmpty()) {
                throw ApiException.badRequest("set " + id + " has no members to lend");
            }
            return batches.lend(tags, person, due, condition, id, actor);
        }, false).onSuccess(r -> Api.json(ctx, 201, r)).onFailure(ctx::fail);
    }
}
