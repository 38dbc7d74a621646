package io.rollcall.collector.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.rollcall.common.enroll.ApiError;
import io.rollcall.common.wire.WireException;
import io.rollcall.common.wire.WireJson;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes JSON responses and turns every failure into {@code {error, detail}}, never a stack trace. */
public final class Api {
    private static final Logger LOG = LoggerFactory.getLogger(Api.class);

    private Api() {
    }

    public static void json(RoutingContext ctx, int status, Object body) {
        byte[] bytes;
        try {
            bytes = WireJson.mapper().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            ctx.fail(e);
            return;
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(Buffer.buffer(bytes));
    }

    /** Maps a wire-contract refusal to its status: 413 too large, 415 unsupported, 400 otherwise. */
    public static ApiException fromWire(WireException e) {
        return switch (e.problem()) {
            case TOO_LARGE -> new ApiException(413, "too-large", e.detail());
            case UNSUPPORTED -> new ApiException(415, "unsupported-media-type", e.detail());
            case MALFORMED -> new ApiException(400, "malformed", e.detail());
            case INVALID -> new ApiException(400, "invalid", e.detail());
        };
    }

    /** The router's single failure handler. */
    public static void failure(RoutingContext ctx) {
        HttpServerResponse res = ctx.response();
        if (res.ended()) {
            return;
        }
        Throwable f = ctx.failure();
        if (f instanceof ApiException api) {
            if (api.status() == 401) {
                res.putHeader("WWW-Authenticate", "Bearer realm=\"rollcall\"");
            }
            if (api.retryAfterSeconds() > 0) {
                res.putHeader("Retry-After", Long.toString(api.retryAfterSeconds()));
            }
            write(ctx, api.status(), api.error(), api.getMessage());
        } else if (f instanceof WireException wire) {
            ApiException api = fromWire(wire);
            write(ctx, api.status(), api.error(), api.getMessage());
        } else if (unstorableText(f)) {
            write(ctx, 400, "bad-request", "a text value contains U+0000 (NUL), which cannot be stored; nothing was stored");
        } else if (f == null) {
            int status = ctx.statusCode() <= 0 ? 500 : ctx.statusCode();
            write(ctx, status, reason(status), defaultDetail(status));
        } else {
            String incident = UUID.randomUUID().toString();
            LOG.error("request {} {} failed, incident {}", ctx.request().method(), ctx.request().path(), incident, f);
            write(ctx, 500, "internal", "the collector could not complete the request; incident " + incident);
        }
    }

    /** PostgreSQL refuses U+0000 in text (SQLState 22021; H2 stores it): the client's input, not our fault. */
    private static boolean unstorableText(Throwable f) {
        for (Throwable t = f; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLException s && ("22021".equals(s.getSQLState()) || "22P05".equals(s.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    private static void write(RoutingContext ctx, int status, String error, String detail) {
        json(ctx, status, new ApiError(error, detail));
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "bad-request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 413 -> "too-large";
            case 415 -> "unsupported-media-type";
            default -> "error";
        };
    }

    private static String defaultDetail(int status) {
        return switch (status) {
            case 404 -> "no such path";
            case 405 -> "that method is not allowed on this path";
            case 413 -> "the request body is over the limit for this path";
            default -> "request refused";
        };
    }
}
