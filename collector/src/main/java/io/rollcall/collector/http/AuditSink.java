package io.rollcall.collector.http;

import io.vertx.ext.web.RoutingContext;

/**
 * Where {@link ApiRouter} reports audited requests: every state-changing request and every view of a
 * route declared with {@link ApiRouter#getAudited}. Called once the response has been sent, on the
 * event loop; implementations must not block.
 */
@FunctionalInterface
public interface AuditSink {
    AuditSink NONE = (ctx, route) -> {
    };

    void record(RoutingContext ctx, ApiRouter.RouteSpec route);
}
