package io.rollcall.collector.media;

import io.rollcall.collector.http.Api;
import io.rollcall.collector.http.ApiException;
import io.rollcall.collector.http.ApiModule;
import io.rollcall.collector.http.ApiRouter;
import io.rollcall.collector.http.JsonBody;
import io.rollcall.collector.http.Principal;
import io.rollcall.collector.http.Query;
import io.rollcall.collector.http.Role;
import io.rollcall.collector.policy.FleetReevaluator;
import io.rollcall.collector.policy.PolicyStore;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code /api/v1/media/approved}: removable media the school approved, by serial and/or USB vendor and product
 * id. A change re-evaluates the devices it can affect, so {@code media.unapproved} clears (or reopens) at once.
 * Technicians only. SQL runs on the worker pool.
 */
public final class MediaHandlers implements ApiModule {
    private static final Pattern HEX4 = Pattern.compile("[0-9a-fA-F]{4}");
    private final WorkerExecutor blocking;
    private final MediaStore store;
    private final PolicyStore policy;
    private final FleetReevaluator fleet;
    private final Clock clock;

    public MediaHandlers(WorkerExecutor blocking, MediaStore store, PolicyStore policy, FleetReevaluator fleet,
                         Clock clock) {
        this.blocking = blocking;
        this.store = store;
        this.policy = policy;
        this.fleet = fleet;
        this.clock = clock;
    }

    /** An approval as the API takes it. */
    public record ApprovalRequest(String serial, String vendorId, String productId, String description) {
    }

    @Override
    public void mount(ApiRouter api) {
        api.get("/api/v1/media/approved", Role.TECHNICIANS, this::list);
        api.post("/api/v1/media/approved", Role.TECHNICIANS, JsonBody.json(), this::add);
        api.delete("/api/v1/media/approved/:id", Role.TECHNICIANS, this::delete);
    }

    void list(RoutingContext ctx) {
        blocking.executeBlocking(() -> Map.of("items", store.list()), false)
                .onSuccess(body -> Api.json(ctx, 200, body)).onFailure(ctx::fail);
    }

    void add(RoutingContext ctx) {
        ApprovalRequest r = JsonBody.read(ctx, ApprovalRequest.class);
        MediaStore.Approved a = validate(r, Principal.of(ctx).id());
        blocking.executeBlocking(() -> Map.of("approved", a, "reevaluatedDevices", approve(a)), false)
                .onSuccess(body -> Api.json(ctx, 201, body)).onFailure(ctx::fail);
    }

    void delete(RoutingContext ctx) {
        UUID id = Query.uuid("id", ctx.pathParam("id"));
        blocking.executeBlocking(() -> Map.of("deleted", id.toString(), "reevaluatedDevices", remove(id)), false)
                .onSuccess(body -> Api.json(ctx, 200, body)).onFailure(ctx::fail);
    }

    /**
     * The approval {@code r} asks for, checked; {@link ApiException} (400) naming the field otherwise. The API
     * and the console both call it, so they accept the same things.
     */
    public MediaStore.Approved validate(ApprovalRequest r, String actor) {
        if (r == null) {
            throw ApiException.badRequest("body: a JSON object {serial, vendorId, productId, description} is required");
        }
        String serial = text("serial", r.serial(), 256);
        String vendor = hex("vendorId", r.vendorId());
        String product = hex("productId", r.productId());
        if (serial == null && vendor == null && product == null) {
            throw ApiException.badRequest("serial: give a serial, a vendorId or a productId; an empty approval would "
                    + "approve every medium");
        }
        if (serial == null && (vendor == null || product == null)) {
            throw ApiException.badRequest("productId: approving a model without a serial needs both vendorId and productId");
        }
        return new MediaStore.Approved(UUID.randomUUID(), serial, vendor, product,
                text("description", r.description(), 256), actor, clock.instant());
    }

    /** Stores a checked approval and re-evaluates the devices it can affect; how many. Blocking. */
    public int approve(MediaStore.Approved a) throws SQLException, InterruptedException {
        store.insert(a);
        policy.mediaChanged();
        return fleet.these(store.affectedDevices(a));
    }

    /** Removes approval {@code id} (404 when there is none) and re-evaluates the devices it affected. Blocking. */
    public int remove(UUID id) throws SQLException, InterruptedException {
        MediaStore.Approved a = store.delete(id);
        if (a == null) {
            throw ApiException.notFound("no approved medium " + id);
        }
        policy.mediaChanged();
        return fleet.these(store.affectedDevices(a));
    }

    public MediaStore store() {
        return store;
    }

    private static String hex(String field, String v) {
        String s = text(field, v, 4);
        if (s != null && !HEX4.matcher(s).matches()) {
            throw ApiException.badRequest(field + ": was '" + s + "', must be four hex digits such as 0781");
        }
        return s == null ? null : s.toLowerCase(java.util.Locale.ROOT);
    }

    private static String text(String field, String v, int max) {
        if (v == null || v.isBlank()) {
            return null;
        }
        String s = v.strip();
        if (s.length() > max) {
            throw ApiException.badRequest(field + ": is " + s.length() + " characters, the limit is " + max);
        }
        return s;
    }
}
