package io.rollcall.collector.policy;

import io.rollcall.collector.findings.Policy;
import io.rollcall.collector.findings.Rule;
import io.rollcall.collector.findings.RuleEngine;
import io.rollcall.collector.findings.RuleSettings;
import io.rollcall.collector.findings.Severity;
import io.rollcall.collector.http.Api;
import io.rollcall.collector.http.ApiException;
import io.rollcall.collector.http.ApiModule;
import io.rollcall.collector.http.ApiRouter;
import io.rollcall.collector.http.JsonBody;
import io.rollcall.collector.http.Principal;
import io.rollcall.collector.http.Role;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET/PUT /api/v1/policy}: every rule's switch, severity and policy reference, the thresholds, the
 * version in force. Technicians read and change it. A
 * change is validated whole (nothing is stored if any field is bad), stored as a new version with who and
 * when, and answered at once with the version and the status of the fleet re-evaluation it started in the
 * background ({@link PolicyReevaluation}); a GET shows that status as it progresses.
 */
public final class PolicyHandlers implements ApiModule {
    private final WorkerExecutor blocking;
    private final PolicyStore store;
    private final RuleEngine engine;
    private final PolicyReevaluation reevaluation;
    private final Clock clock;

    public PolicyHandlers(WorkerExecutor blocking, PolicyStore store, RuleEngine engine,
                          PolicyReevaluation reevaluation, Clock clock) {
        this.blocking = blocking;
        this.store = store;
        this.engine = engine;
        this.reevaluation = reevaluation;
        this.clock = clock;
    }

    @Override
    public void mount(ApiRouter api) {
        api.get("/api/v1/policy", Role.TECHNICIANS, this::get);
        api.put("/api/v1/policy", Role.TECHNICIANS, JsonBody.json(), this::put);
        api.get("/api/v1/policy/versions", Role.TECHNICIANS, this::versions);
    }

    void get(RoutingContext ctx) {
        blocking.executeBlocking(() -> view(store.snapshot()), false)
                .onSuccess(body -> Api.json(ctx, 200, body)).onFailure(ctx::fail);
    }

    void put(RoutingContext ctx) {
        List<String> problems = new ArrayList<>();
        Policy p = PolicyDocument.read(JsonBody.object(ctx), problems);
        problems.addAll(problems(p));
        if (!problems.isEmpty()) {
            throw ApiException.badRequest(String.join("; ", problems));
        }
        String actor = Principal.of(ctx).id();
        blocking.executeBlocking(() -> {
            PolicyReevaluation.Status started = apply(p, actor);
            int version = started.version();
            Map<String, Object> out = view(store.snapshot());
            out.put("version", version); // the one this PUT stored, even if another landed since
            PolicyReevaluation.Status now = reevaluation.status(version); // it may have moved on already
            out.put("reevaluation", progress(now != null ? now : started));
            return out;
        }, false).onSuccess(body -> Api.json(ctx, 200, body)).onFailure(ctx::fail);
    }

    /** The part of a re-evaluation status a client needs. */
    static Map<String, Object> progress(PolicyReevaluation.Status s) {
        if (s == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", s.version());
        m.put("state", s.state());
        m.put("devices", s.devices());
        m.put("done", s.done());
        m.put("failed", s.failed());
        m.put("startedAt", s.startedAt());
        m.put("finishedAt", s.finishedAt());
        m.put("node", s.node()); // the cluster member running it: a survivor's once a killed node's run resumes
        return m;
    }

    /** What is wrong with {@code p}, each message naming its field; empty when it may be applied. */
    public List<String> problems(Policy p) {
        List<String> out = new ArrayList<>(engine.problems(p));
        if (!p.approvedMedia().isEmpty()) {
            out.add("approvedMedia: approved media are managed at /api/v1/media/approved");
        }
        return out;
    }

    /**
     * Stores {@code p} (checked with {@link #problems} first) as the next version and starts re-evaluating the
     * fleet in the background; returns that run's first status. The API and the console both apply a policy
     * this way. Blocking.
     */
    public PolicyReevaluation.Status apply(Policy p, String actor) throws java.sql.SQLException {
        int version = store.put(p, actor, clock.instant());
        return reevaluation.start(version);
    }

    public PolicyStore store() {
        return store;
    }

    public RuleEngine engine() {
        return engine;
    }

    void versions(RoutingContext ctx) {
        blocking.executeBlocking(() -> Map.of("items", store.history()), false)
                .onSuccess(body -> Api.json(ctx, 200, body)).onFailure(ctx::fail);
    }

    /** The document a PUT takes, plus each rule's effective settings and defaults. */
    private Map<String, Object> view(PolicyStore.Snapshot s) {
        Policy p = s.policy();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("version", s.version());
        out.put("changedBy", s.changedBy());
        out.put("changedAt", s.changedAt());
        out.put("policy", PolicyDocument.render(p));
        out.put("reevaluation", progress(reevaluation.status(s.version())));
        out.put("thresholds", PolicyDocument.thresholds());
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Rule r : engine.rules()) {
            RuleSettings rs = p.rule(r.id());
            Severity sev = rs.severity() != null ? rs.severity() : r.defaultSeverity();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.id());
            m.put("enabled", rs.enabled());
            m.put("severity", sev);
            m.put("defaultSeverity", r.defaultSeverity());
            m.put("policyRef", rs.policyRef() != null ? rs.policyRef() : r.defaultPolicyRef());
            m.put("defaultPolicyRef", r.defaultPolicyRef());
            rules.add(m);
        }
        out.put("rules", rules);
        out.put("approvedMedia", p.approvedMedia().size());
        return out;
    }
}
