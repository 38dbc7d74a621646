package io.rollcall.collector.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.http.Api;
import io.rollcall.collector.http.ApiException;
import io.rollcall.collector.http.ApiModule;
import io.rollcall.collector.http.ApiRouter;
import io.rollcall.collector.http.JsonBody;
import io.rollcall.collector.http.Principal;
import io.rollcall.collector.http.Query;
import io.rollcall.collector.http.Role;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/v1/evidence}: the controls and their sources, the mapping in force (every role reads it; an admin
 * edits a subject or resets it to what the collector ships, each change audited by the router), the term calendar,
 * and the termly pack as JSON or PDF (admin, technician, SLT: it names devices and their users). SQL on workers.
 */
public final class EvidenceHandlers implements ApiModule {
    /** Who may read the pack: it names devices, users and borrowers. */
    public static final Set<Role> PACK_READERS = EnumSet.of(Role.ADMIN, Role.TECHNICIAN, Role.SLT);
    private final WorkerExecutor blocking;
    private final EvidenceMapping mapping;
    private final TermSettings terms;
    private final TermlyPack pack;
    private final String school;
    private final Clock clock;

    public EvidenceHandlers(WorkerExecutor blocking, EvidenceMapping mapping, TermSettings terms, TermlyPack pack,
                            String school, Clock clock) {
        this.blocking = blocking;
        this.mapping = mapping;
        this.terms = terms;
        this.pack = pack;
        this.school = school;
        this.clock = clock;
    }

    @Override
    public void mount(ApiRouter api) {
        api.get("/api/v1/evidence/controls", Role.READERS, this::controls);
        api.get("/api/v1/evidence/mapping", Role.READERS, this::mappingList);
        api.post("/api/v1/evidence/mapping/reset", Role.ADMIN_ONLY, this::resetAll);
        api.put("/api/v1/evidence/mapping/:subject", Role.ADMIN_ONLY, JsonBody.json(), this::edit);
        api.delete("/api/v1/evidence/mapping/:subject", Role.ADMIN_ONLY, this::reset);
        api.get("/api/v1/evidence/terms", Role.READERS, this::termsGet);
        api.put("/api/v1/evidence/terms", Role.ADMIN_ONLY, JsonBody.json(), this::termsPut);
        // views are audited: the pack names devices, their users and borrowers
        api.getAudited("/api/v1/evidence/pack", PACK_READERS, this::packJson);
        api.getAudited("/api/v1/evidence/pack.pdf", PACK_READERS, this::packPdf);
    }

    private void controls(RoutingContext ctx) {
        ControlCatalogue c = mapping.catalogue();
        Api.json(ctx, 200, Map.of("sources", c.sources(), "controls", c.controls()));
    }

    private void mappingList(RoutingContext ctx) {
        blocking.executeBlocking(() -> Map.of("entries", mapping.entries()), false)
                .onSuccess(b -> Api.json(ctx, 200, b)).onFailure(ctx::fail);
    }

    private void edit(RoutingContext ctx) {
        String subject = ctx.pathParam("subject");
        JsonNode b = JsonBody.object(ctx);
        for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("controls") && !f.equals("note")) {
                throw ApiException.badRequest(f + ": is not a known field");
            }
        }
        JsonNode list = b.get("controls");
        if (list == null || !list.isArray()) {
            throw ApiException.badRequest("controls: is required, a list of control ids");
        }
        List<String> controls = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!list.get(i).isTextual()) {
                throw ApiException.badRequest("controls[" + i + "]: must be a string");
            }
            controls.add(list.get(i).asText());
        }
        String note = JsonBody.text(b, "note", 0, ControlCatalogue.MAX_NOTE);
        String actor = Principal.of(ctx).id();
        blocking.executeBlocking(() -> mapping.edit(subject, controls, note, actor), false)
                .onSuccess(e -> Api.json(ctx, 200, e)).onFailure(ctx::fail);
    }

    private void reset(RoutingContext ctx) {
        String subject = ctx.pathParam("subject");
        blocking.executeBlocking(() -> {
            mapping.reset(subject);
            return mapping.entries().stream().filter(e -> e.subject().equals(subject)).findFirst()
                    .map(e -> (Object) e).orElse(Map.of("subject", subject, "removed", true));
        }, false).onSuccess(e -> Api.json(ctx, 200, e)).onFailure(ctx::fail);
    }

    private void resetAll(RoutingContext ctx) {
        blocking.executeBlocking(() -> Map.of("reset", mapping.resetAll()), false)
                .onSuccess(b -> Api.json(ctx, 200, b)).onFailure(ctx::fail);
    }

    private void termsGet(RoutingContext ctx) {
        blocking.executeBlocking(() -> {
            Terms t = terms.get();
            Terms.Term now = t.termOf(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("settings", t);
            out.put("current", now);
            out.put("previous", t.previous(now));
            return out;
        }, false).onSuccess(b -> Api.json(ctx, 200, b)).onFailure(ctx::fail);
    }

    private void termsPut(RoutingContext ctx) {
        JsonNode b = JsonBody.object(ctx);
        for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!Set.of("springStarts", "summerStarts", "autumnStarts").contains(f)) {
                throw ApiException.badRequest(f + ": is not a known field");
            }
        }
        Terms t = new Terms(JsonBody.text(b, "springStarts", 5, 5), JsonBody.text(b, "summerStarts", 5, 5),
                JsonBody.text(b, "autumnStarts", 5, 5));
        String actor = Principal.of(ctx).id();
        blocking.executeBlocking(() -> terms.put(t, actor), false)
                .onSuccess(x -> Api.json(ctx, 200, x)).onFailure(ctx::fail);
    }

    private void packJson(RoutingContext ctx) {
        String group = Query.text(ctx, "group", 128);
        blocking.executeBlocking(() -> pack.build(group), false)
                .onSuccess(p -> Api.json(ctx, 200, p)).onFailure(ctx::fail);
    }

    private void packPdf(RoutingContext ctx) {
        String group = Query.text(ctx, "group", 128);
        blocking.executeBlocking(() -> {
            TermlyPack.Pack p = pack.build(group);
            return Map.entry(p.term().id(), PackPdf.write(p, school));
        }, false).onSuccess(e -> ctx.response().putHeader("Content-Type", "application/pdf")
                .putHeader("Content-Disposition", "attachment; filename=\"termly-pack-" + e.getKey() + ".pdf\"")
                .putHeader("Cache-Control", "no-store")
                .end(Buffer.buffer(e.getValue()))).onFailure(ctx::fail);
    }
}
