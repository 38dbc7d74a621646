package io.rollcall.collector.people;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.assets.Fields;
import io.rollcall.collector.http.JsonBody;
import io.rollcall.collector.http.Api;
import io.rollcall.collector.http.ApiException;
import io.rollcall.collector.http.ApiModule;
import io.rollcall.collector.http.ApiRouter;
import io.rollcall.collector.http.Query;
import io.rollcall.collector.http.Role;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * {@code /api/v1/people} and {@code POST /api/v1/people/import} (text/csv, {@code ?dryRun=true} to
 * preview). The CSV is size-limited by the body handler before it is read, parsed on the worker pool,
 * and applied in one transaction only when every row is good.
 */
public final class PeopleHandlers implements ApiModule {
    /** A few thousand staff rows are ~0.5 MB; this leaves room without letting a stray upload in. */
    public static final int MAX_CSV_BYTES = 4 * 1024 * 1024;
    private final WorkerExecutor blocking;
    private final PeopleService people;

    public PeopleHandlers(WorkerExecutor blocking, PeopleService people) {
        this.blocking = blocking;
        this.people = people;
    }

    @Override
    public void mount(ApiRouter api) {
        api.get("/api/v1/people", Role.BUSINESS_MANAGERS, this::list);
        api.post("/api/v1/people", Role.BUSINESS_MANAGERS, JsonBody.limit(16 * 1024), this::create);
        api.post("/api/v1/people/import", Role.BUSINESS_MANAGERS, JsonBody.limit(MAX_CSV_BYTES), this::importCsv);
        api.get("/api/v1/people/:id", Role.BUSINESS_MANAGERS, this::get);
        api.put("/api/v1/people/:id", Role.BUSINESS_MANAGERS, JsonBody.limit(16 * 1024), this::update);
    }

    void list(RoutingContext ctx) {
        String status = Query.text(ctx, "status", 16);
        if (status != null && !Person.STATUSES.contains(status)) {
            throw ApiException.badRequest("status: was '" + status + "', must be active or leaver");
        }
        Boolean holdsKit = Query.bool(ctx, "holdsKit");
        String q = Query.text(ctx, "q", 128);
        int limit = Query.integer(ctx, "limit", 200, 1, 1000);
        int offset = Query.integer(ctx, "offset", 0, 0, 10_000_000);
        blocking.executeBlocking(() -> people.list(status, holdsKit, q, limit, offset), false)
                .onSuccess(items -> Api.json(ctx, 200, Map.of("items", items))).onFailure(ctx::fail);
    }

    void create(RoutingContext ctx) {
        Person draft = fromJson(JsonBody.object(ctx));
        blocking.executeBlocking(() -> people.create(draft), false)
                .onSuccess(p -> Api.json(ctx, 201, p)).onFailure(ctx::fail);
    }

    void update(RoutingContext ctx) {
        UUID id = Query.uuid("id", ctx.pathParam("id"));
        Person draft = fromJson(JsonBody.object(ctx));
        blocking.executeBlocking(() -> people.update(id, draft), false)
                .onSuccess(p -> Api.json(ctx, 200, p)).onFailure(ctx::fail);
    }

    void get(RoutingContext ctx) {
        UUID id = Query.uuid("id", ctx.pathParam("id"));
        blocking.executeBlocking(() -> people.get(id), false).onSuccess(p -> Api.json(ctx, 200, p)).onFailure(ctx::fail);
    }

    void importCsv(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        String mime = type == null ? "" : type.split(";")[0].strip().toLowerCase(java.util.Locale.ROOT);
        if (!mime.equals("text/csv") && !mime.equals("application/csv")) {
            throw new ApiException(415, "unsupported-media-type", "Content-Type: send the export as text/csv");
        }
        Boolean dry = Query.bool(ctx, "dryRun");
        boolean dryRun = dry != null && dry;
        byte[] bytes = ctx.body() == null || ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        blocking.executeBlocking(() -> {
            StaffCsv.Parsed parsed = StaffCsv.parse(utf8(bytes));
            if (!parsed.errors().isEmpty()) {
                return Map.entry(400, (Object) PeopleService.refusal(parsed));
            }
            return Map.entry(200, (Object) people.apply(parsed, dryRun));
        }, false).onSuccess(r -> Api.json(ctx, r.getKey(), r.getValue())).onFailure(ctx::fail);
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest("body: is not UTF-8 text; export the CSV as UTF-8");
        }
    }

    private static Person fromJson(JsonNode b) {
        String status = Fields.oneOf(b, "status", Person.STATUSES, "active");
        String email = Fields.text(b, "email", 320, false);
        if (email != null && !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            throw ApiException.badRequest("email: was '" + email + "', must be an e-mail address");
        }
        return new Person(null, Fields.text(b, "staffId", 64, true), Fields.text(b, "name", 256, true), email,
                Fields.text(b, "department", 128, false), status, Fields.date(b, "leftOn"));
    }
}
