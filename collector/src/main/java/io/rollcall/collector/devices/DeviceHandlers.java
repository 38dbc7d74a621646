package io.rollcall.collector.devices;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.compliance.FindingQueries;
import io.rollcall.collector.findings.Policy;
import io.rollcall.collector.http.Api;
import io.rollcall.collector.http.ApiException;
import io.rollcall.collector.http.Query;
import io.rollcall.common.wire.WireJson;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;

/** {@code GET /api/v1/devices} (by {@code offset}, or by the {@code after} cursor each page returns as {@code next}) and {@code GET /api/v1/devices/{id}}. SQL runs on the worker pool. */
public final class DeviceHandlers {
    private final WorkerExecutor blocking;
    private final DeviceQueries devices;
    private final FindingQueries findings;
    private final Supplier<Policy> policy;
    private final Clock clock;

    public DeviceHandlers(WorkerExecutor blocking, DeviceQueries devices, FindingQueries findings,
                          Supplier<Policy> policy, Clock clock) {
        this.blocking = blocking;
        this.devices = devices;
        this.findings = findings;
        this.policy = policy;
        this.clock = clock;
    }

    public void list(RoutingContext ctx) {
        Boolean compliant = Query.bool(ctx, "compliant");
        Boolean stale = Query.bool(ctx, "stale");
        String q = Query.text(ctx, "q", 128);
        String rule = Query.text(ctx, "rule", 64);
        int limit = Query.integer(ctx, "limit", 100, 1, 1000);
        int offset = Query.integer(ctx, "offset", 0, 0, 10_000_000);
        String after = Query.text(ctx, "after", 1024);
        String group = Query.text(ctx, "group", 128);
        blocking.executeBlocking(() -> devices.list(compliant, stale, q, rule, group, after, limit, offset), false)
                .onSuccess(page -> Api.json(ctx, 200, page)).onFailure(ctx::fail);
    }

    public void get(RoutingContext ctx) {
        UUID id = Query.uuid("id", ctx.pathParam("id"));
        blocking.executeBlocking(() -> {
            DeviceQueries.DeviceSummary d = devices.get(id);
            if (d == null) {
                throw ApiException.notFound("no device " + id);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("device", d);
            devices.sections(id).forEach((name, doc) -> out.put(name, tree(doc)));
            Map<String, Object> media = new LinkedHashMap<>();
            JsonNode stored = (JsonNode) out.get("removableMedia");
            media.put("connected", stored == null ? java.util.List.of() : stored.path("connected"));
            media.put("events", devices.mediaEvents(id, 200));
            out.put("removableMedia", media);
            out.put("findings", findings.list(null, null, id, 1000, 0).items());
            return out;
        }, false).onSuccess(body -> Api.json(ctx, 200, body)).onFailure(ctx::fail);
    }

    private static JsonNode tree(byte[] gz) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return WireJson.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
