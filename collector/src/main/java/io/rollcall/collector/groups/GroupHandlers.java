package io.rollcall.collector.groups;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.http.Api;
import io.rollcall.collector.http.ApiException;
import io.rollcall.collector.http.ApiModule;
import io.rollcall.collector.http.ApiRouter;
import io.rollcall.collector.http.JsonBody;
import io.rollcall.collector.http.Query;
import io.rollcall.collector.http.Role;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code /api/v1/groups}: every role reads groups (the filters of lists and pages use them); admins and technicians
 * change them, since a group's thresholds change how its devices are judged. Changes are audited by the router.
 * Threshold overrides are given like the policy form: screen-lock idle limits in minutes, grace in seconds, OS
 * updates in days. SQL on the worker pool.
 */
public final class GroupHandlers implements ApiModule {
    public static final int MAX_CSV_BYTES = 2 * 1024 * 1024;
    private static final Set<String> GROUP_FIELDS = Set.of("name", "description", "overrides");
    private static final Set<String> OVERRIDE_FIELDS = Set.of("screenLockMaxIdleMinutes", "screenLockMaxIdleMinutesMac",
            "screenLockMaxGraceSeconds", "osUpdateMaxDays");
    private final WorkerExecutor blocking;
    private final GroupService groups;

    public GroupHandlers(WorkerExecutor blocking, GroupService groups) {
        this.blocking = blocking;
        this.groups = groups;
    }

    @Override
    public void mount(ApiRouter api) {
        api.get("/api/v1/groups", Role.READERS, this::list);
        api.post("/api/v1/groups", Role.TECHNICIANS, JsonBody.json(), this::create);
        api.post("/api/v1/groups/import", Role.TECHNICIANS, JsonBody.limit(MAX_CSV_BYTES), this::importCsv);
        api.get("/api/v1/groups/:id", Role.READERS, this::get);
        api.put("/api/v1/groups/:id", Role.TECHNICIANS, JsonBody.json(), this::update);
        api.delete("/api/v1/groups/:id", Role.TECHNICIANS, this::delete);
        api.post("/api/v1/groups/:id/rules", Role.TECHNICIANS, JsonBody.json(), this::addRule);
        api.delete("/api/v1/groups/:id/rules/:rule", Role.TECHNICIANS, this::deleteRule);
        api.post("/api/v1/groups/:id/members", Role.TECHNICIANS, JsonBody.json(), ctx -> members(ctx, true));
        api.post("/api/v1/groups/:id/members/remove", Role.TECHNICIANS, JsonBody.json(), ctx -> members(ctx, false));
    }

    private void list(RoutingContext ctx) {
        blocking.executeBlocking(() -> Map.of("groups", groups.list()), false)
                .onSuccess(b -> Api.json(ctx, 200, b)).onFailure(ctx::fail);
    }

    private void get(RoutingContext ctx) {
        String key = ctx.pathParam("id");
        blocking.executeBlocking(() -> {
            UUID id = groups.resolve("id", key);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("group", groups.get(id));
            out.put("devices", groups.devices(id, 5000));
            out.put("assets", groups.assets(id, 5000));
            return out;
        }, false).onSuccess(b -> Api.json(ctx, 200, b)).onFailure(ctx::fail);
    }

    private void create(RoutingContext ctx) {
        JsonNode b = JsonBody.object(ctx);
        known(b, GROUP_FIELDS, "");
        String name = JsonBody.text(b, "name", 1, GroupService.MAX_NAME);
        String description = JsonBody.text(b, "description", 0, 512);
        GroupThresholds o = overrides(b.get("overrides"));
        blocking.executeBlocking(() -> groups.create(name, description, o), false)
                .onSuccess(g -> Api.json(ctx, 201, g)).onFailure(ctx::fail);
    }

    private void update(RoutingContext ctx) {
        UUID id = Query.uuid("id", ctx.pathParam("id"));
        JsonNode b = JsonBody.object(ctx);
        known(b, GROUP_FIELDS, "");
        String name = JsonBody.text(b, "name", 1, GroupService.MAX_NAME);
        String description = JsonBody.text(b, "description", 0, 512);
        GroupThresholds o = overrides(b.get("overrides"));
        blocking.executeBlocking(() -> groups.update(id, name, description, o), false)
                .onSuccess(g -> Api.json(ctx, 200, g)).onFailure(ctx::fail);
    }

    private void delete(RoutingContext ctx) {
        UUID id = Query.uuid("id", ctx.pathParam("id"));
        blocking.executeBlocking(() -> {
            groups.delete(id);
            return null;
        }, false).onSuccess(x -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
    }

    private void addRule(RoutingContext ctx) {
        UUID id = Query.uuid("id", ctx.pathParam("id"));
        JsonNode b = JsonBody.object(ctx);
        known(b, Set.of("field", "pattern"), "");
        String field = JsonBody.text(b, "field", 1, 16);
        String pattern = JsonBody.text(b, "pattern", 1, GroupRule.MAX_PATTERN);
        GroupRule.compile(field, pattern);
        blocking.executeBlocking(() -> groups.addRule(id, field, pattern), false)
                .onSuccess(r -> Api.json(ctx, 201, r)).onFailure(ctx::fail);
    }

    private void deleteRule(RoutingContext ctx) {
        UUID id = Query.uuid("id", ctx.pathParam("id"));
        UUID rule = Query.uuid("rule", ctx.pathParam("rule"));
        blocking.executeBlocking(() -> {
            groups.deleteRule(id, rule);
            return null;
        }, false).onSuccess(x -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
    }

    private void members(RoutingContext ctx, boolean add) {
        UUID id = Query.uuid("id", ctx.pathParam("id"));
        JsonNode b = JsonBody.object(ctx);
        known(b, Set.of("devices", "assets"), "");
        List<UUID> devices = new ArrayList<>();
        for (String s : strings(b, "devices")) {
            devices.add(Query.uuid("devices[]", s));
        }
        List<String> assets = strings(b, "assets");
        blocking.executeBlocking(() -> {
            if (add) {
                groups.addMembers(id, devices, assets, "manual");
            } else {
                groups.removeMembers(id, devices, assets);
            }
            return groups.get(id);
        }, false).onSuccess(g -> Api.json(ctx, 200, g)).onFailure(ctx::fail);
    }

    private void importCsv(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        String mime = type == null ? "" : type.split(";")[0].strip().toLowerCase(java.util.Locale.ROOT);
        if (!mime.equals("text/csv") && !mime.equals("application/csv")) {
            throw new ApiException(415, "unsupported-media-type", "Content-Type: send the file as text/csv");
        }
        byte[] bytes = ctx.body() == null || ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest("body: is not UTF-8 text; save the CSV as UTF-8");
        }
        blocking.executeBlocking(() -> GroupCsv.apply(groups, text), false)
                .onSuccess(r -> Api.json(ctx, r.errors().isEmpty() ? 200 : 400, r.errors().isEmpty() ? r
                        : Map.of("error", "bad-request", "detail", r.errors().size() + " line(s) refused; nothing applied",
                                "lines", r.errors())))
                .onFailure(ctx::fail);
    }

    /** The overrides object as thresholds (minutes become seconds); 400 naming the field when malformed. */
    public static GroupThresholds readOverrides(JsonNode o) {
        return overrides(o);
    }

    static GroupThresholds overrides(JsonNode o) {
        if (o == null || o.isNull()) {
            return GroupThresholds.NONE;
        }
        if (!o.isObject()) {
            throw ApiException.badRequest("overrides: must be an object");
        }
        known(o, OVERRIDE_FIELDS, "overrides.");
        Double idle = number(o, "screenLockMaxIdleMinutes");
        Double mac = number(o, "screenLockMaxIdleMinutesMac");
        Double grace = number(o, "screenLockMaxGraceSeconds");
        Double os = number(o, "osUpdateMaxDays");
        return new GroupThresholds(minutes(idle), minutes(mac), whole("screenLockMaxGraceSeconds", grace),
                whole("osUpdateMaxDays", os));
    }

    private static Integer minutes(Double m) {
        return m == null ? null : (int) Math.round(m * 60);
    }

    private static Integer whole(String field, Double v) {
        if (v == null) {
            return null;
        }
        if (v != Math.rint(v)) {
            throw ApiException.badRequest("overrides." + field + ": was " + v + ", must be a whole number");
        }
        return v.intValue();
    }

    private static Double number(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw ApiException.badRequest("overrides." + field + ": must be a number");
        }
        double d = v.asDouble();
        if (d <= 0 || d > 100_000) {
            throw ApiException.badRequest("overrides." + field + ": was " + v.asText() + ", must be more than 0");
        }
        return d;
    }

    private static List<String> strings(JsonNode b, String field) {
        JsonNode v = b.get(field);
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isArray() || v.size() > 10_000) {
            throw ApiException.badRequest(field + ": must be a list of at most 10000 strings");
        }
        for (JsonNode n : v) {
            if (!n.isTextual() || n.asText().isEmpty() || n.asText().length() > 64) {
                throw ApiException.badRequest(field + ": every item must be a string of 1 to 64 characters");
            }
            out.add(n.asText());
        }
        return out;
    }

    private static void known(JsonNode b, Set<String> fields, String prefix) {
        for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!fields.contains(f)) {
                throw ApiException.badRequest(prefix + f + ": is not a known field");
            }
        }
    }
}
