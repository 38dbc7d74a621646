package io.rollcall.collector.metrics;

import io.rollcall.collector.http.Api;
import io.rollcall.collector.http.ApiException;
import io.rollcall.collector.http.HttpVerticle;
import io.rollcall.collector.ingest.IngestHandlers;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /metrics} (Prometheus text, see {@link MetricsSettings} for who may read it), {@code GET /health/ready}
 * and {@code GET /health/live} (public, a status and at most one reason word), and the timers in front of the agent
 * API that count every report and enrolment by how it was answered. The timers are routes ordered before every
 * other, so a report refused by any later handler (credential, size, validation) is counted too.
 */
public final class MetricsRoutes implements HttpVerticle.PublicModule {
    /** Runs before the route table's first handler (order 0). */
    private static final int BEFORE_ALL = -10;
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final CollectorMetrics metrics;
    private final MetricsSettings settings;
    private final Readiness readiness;
    private final WorkerExecutor blocking;

    public MetricsRoutes(CollectorMetrics metrics, MetricsSettings settings, Readiness readiness, WorkerExecutor blocking) {
        this.metrics = metrics;
        this.settings = settings;
        this.readiness = readiness;
        this.blocking = blocking;
    }

    @Override
    public void mount(Router router) {
        router.post("/api/v1/reports").order(BEFORE_ALL).handler(this::timeReport);
        router.post("/api/v1/enroll").order(BEFORE_ALL).handler(this::countEnrolment);
        router.get("/metrics").handler(this::scrape);
        router.get("/health/ready").handler(this::ready);
        router.get("/health/live").handler(ctx -> Api.json(ctx, 200, Map.of("status", "UP")));
    }

    private void timeReport(RoutingContext ctx) {
        long start = System.nanoTime();
        ctx.addEndHandler(ar -> {
            int status = ctx.response().getStatusCode();
            String outcome;
            if (ar.failed()) {
                outcome = "error";
            } else if (status == 202) {
                outcome = Boolean.TRUE.equals(ctx.get(IngestHandlers.REPORT_DUPLICATE)) ? "duplicate" : "stored";
            } else {
                outcome = status >= 400 && status < 500 ? "refused" : "error";
            }
            String kind = ctx.get(IngestHandlers.REPORT_KIND);
            metrics.report(kind == null ? "unknown" : kind, outcome, System.nanoTime() - start);
        });
        ctx.next();
    }

    private void countEnrolment(RoutingContext ctx) {
        ctx.addEndHandler(ar -> {
            int status = ctx.response().getStatusCode();
            metrics.enrolment(ar.failed() ? "error" : status == 200 ? "enrolled" : status == 202 ? "pending"
                    : status >= 400 && status < 500 ? "refused" : "error");
        });
        ctx.next();
    }

    private void scrape(RoutingContext ctx) {
        switch (MetricsAccess.decide(settings, peer(ctx), ctx.request().getHeader("Authorization"))) {
            case UNAUTHORIZED -> throw ApiException.unauthorized("send Authorization: Bearer <metrics.token>");
            case FORBIDDEN -> throw ApiException.forbidden(
                    "/metrics answers only on this machine's loopback address unless metrics.token is set");
            case ALLOW -> blocking.executeBlocking(metrics::scrape, false)
                    .onSuccess(text -> ctx.response().putHeader("Content-Type", CONTENT_TYPE).end(text))
                    .onFailure(ctx::fail);
        }
    }

    private void ready(RoutingContext ctx) {
        readiness.check().onSuccess(s -> {
            Map<String, String> body = new LinkedHashMap<>();
            body.put("status", s.ready() ? "UP" : "DOWN");
            if (!s.ready()) {
                body.put("reason", s.reason());
            }
            Api.json(ctx, s.ready() ? 200 : 503, body);
        });
    }

    /** The TCP peer; a literal address, so no name lookup. */
    private static InetAddress peer(RoutingContext ctx) {
        SocketAddress a = ctx.request().connection().remoteAddress();
        if (a == null || a.hostAddress() == null) {
            return null;
        }
        try {
            return InetAddress.getByName(a.hostAddress());
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
