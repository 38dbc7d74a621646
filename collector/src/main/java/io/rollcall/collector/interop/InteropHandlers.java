package io.rollcall.collector.interop;

import io.rollcall.collector.http.Api;
import io.rollcall.collector.http.ApiException;
import io.rollcall.collector.http.ApiModule;
import io.rollcall.collector.http.ApiRouter;
import io.rollcall.collector.http.Query;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The API behind {@code /console/interop}, for scripts: {@code GET /api/v1/interop/devices} (devices that OCS-protocol
 * agents report, with the agent and the token their identity rests on) and {@code GET /api/v1/interop/unknowns?agent=}
 * (open unknown findings on them, each with its reason "not collected by …"). Same roles as the console page.
 */
public final class InteropHandlers implements ApiModule {
    private static final int LIMIT = 1000;
    private final WorkerExecutor blocking;
    private final ForeignDevices foreign;

    public InteropHandlers(WorkerExecutor blocking, ForeignDevices foreign) {
        this.blocking = blocking;
        this.foreign = foreign;
    }

    @Override
    public void mount(ApiRouter api) {
        api.get("/api/v1/interop/devices", InteropPages.ROLES, this::devices);
        api.get("/api/v1/interop/unknowns", InteropPages.ROLES, this::unknowns);
    }

    private void devices(RoutingContext ctx) {
        blocking.executeBlocking(() -> Map.of("items", foreign.list(LIMIT).stream().map(i -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("device", i.deviceId());
            m.put("agent", i.agentLabel());
            m.put("agentReported", i.agentRaw());
            m.put("agentDeviceId", i.agentDeviceId());
            m.put("credential", "shared");
            m.put("enrolmentToken", i.tokenLabel());
            m.put("firstSeenAt", i.firstSeenAt());
            m.put("lastSeenAt", i.lastSeenAt());
            return m;
        }).toList()), false)
                .onSuccess(b -> Api.json(ctx, 200, b)).onFailure(ctx::fail);
    }

    private void unknowns(RoutingContext ctx) {
        String wanted = Query.text(ctx, "agent", 100);
        blocking.executeBlocking(() -> {
            List<ForeignDevices.Agent> agents = foreign.agents();
            ForeignDevices.Agent agent = null;
            if (wanted != null) {
                agent = agents.stream().filter(a -> a.label().equals(wanted)).findFirst().orElseThrow(() ->
                        ApiException.badRequest("agent: no device here is reported by '" + wanted + "'; one of "
                                + agents.stream().map(ForeignDevices.Agent::label).toList()));
            }
            List<Map<String, Object>> items = foreign.unknowns(agent, LIMIT).stream().map(u -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("device", u.deviceId());
                m.put("hostname", u.hostname());
                m.put("rule", u.rule());
                m.put("agent", u.agentLabel());
                m.put("reason", u.reason());
                return m;
            }).toList();
            return Map.of("agents", agents.stream().map(ForeignDevices.Agent::label).toList(), "items", items);
        }, false).onSuccess(b -> Api.json(ctx, 200, b)).onFailure(ctx::fail);
    }
}
