package io.rollcall.collector.http;

import io.rollcall.collector.compliance.ComplianceHandlers;
import io.rollcall.collector.devices.DeviceHandlers;
import io.rollcall.collector.ingest.IngestHandlers;
import io.rollcall.common.wire.Limits;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * The HTTPS server and the one route table of the collector. Every path the agent, the console and
 * scripts use is listed here, in order: public, agent API, the console, then everything behind
 * authentication (bearer token or console session).
 * Handlers never block the event loop: they pass SQL and parsing to a worker pool.
 */
public final class HttpVerticle extends VerticleBase {
    /** What the routes need; built once by the collector and shared by every verticle instance. */
    public record Handlers(IngestHandlers ingest, DeviceHandlers devices, ComplianceHandlers compliance,
                           Handler<RoutingContext> authenticate, AuditSink audit, HealthCheck health,
                           List<ApiModule> modules, List<PublicModule> publicModules) {
        public Handlers {
            modules = List.copyOf(modules);
            publicModules = List.copyOf(publicModules);
        }
    }

    /** Routes outside {@code /api/v1} that do their own authentication (the console, its static files). */
    @FunctionalInterface
    public interface PublicModule {
        void mount(Router router);
    }

    /** Liveness: answers without touching the database so a load balancer can poll it cheaply. */
    public interface HealthCheck {
        Map<String, Object> health();
    }

    /** Largest unread rest of a refused request's body that is drained rather than the connection closed. */
    static final long DRAIN_LIMIT = 64 * 1024;
    /** How much of a larger refused body is read and thrown away, and for how long, before the connection closes. */
    static final long LINGER_LIMIT = 8L * 1024 * 1024;
    static final long LINGER_MILLIS = 2_000;

    private final Handlers h;
    private final String host;
    private final int port;
    private final Path certChain;
    private final Path key;
    private HttpServer server;
    private List<ApiRouter.RouteSpec> routes = List.of();

    public HttpVerticle(Handlers handlers, String host, int port, Path certChain, Path key) {
        this.h = handlers;
        this.host = host;
        this.port = port;
        this.certChain = certChain;
        this.key = key;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        router.route().handler(ctx -> {
            ctx.response().putHeader("Strict-Transport-Security", "max-age=31536000")
                    .putHeader("X-Content-Type-Options", "nosniff")
                    .putHeader("Cache-Control", "no-store");
            ctx.addHeadersEndHandler(v -> {
                if (closesAfterRefusal(ctx)) {
                    ctx.response().putHeader("Connection", "close"); // the client must not reuse it
                }
            });
            ctx.addEndHandler(v -> dropUnreadBody(ctx));
            ctx.next();
        });

        router.get("/health").handler(ctx -> Api.json(ctx, 200, h.health().health()));

        router.post("/api/v1/enroll").handler(body(Limits.MAX_ENROLL_BYTES)).handler(h.ingest()::enroll);
        // the device credential is checked from the header before the body handler reads up to 4 MB
        router.post("/api/v1/reports").handler(h.ingest()::authenticateReport);
        router.post("/api/v1/reports").handler(body(Limits.MAX_WIRE_BYTES)).handler(h.ingest()::report);

        for (PublicModule m : h.publicModules()) {
            m.mount(router);
        }

        router.route("/api/v1/*").handler(h.authenticate());
        ApiRouter api = new ApiRouter(router, h.audit());
        // SLT reads summaries, trends and exports only: no device list
        api.get("/api/v1/devices", EnumSet.of(Role.ADMIN, Role.TECHNICIAN, Role.BUSINESS_MANAGER), h.devices()::list);
        api.getAudited("/api/v1/devices/:id", Role.TECHNICIANS, h.devices()::get);
        api.get("/api/v1/findings", Role.TECHNICIANS, h.compliance()::findings);
        api.get("/api/v1/compliance/summary", Role.READERS, h.compliance()::summary);
        for (ApiModule m : h.modules()) {
            m.mount(api);
        }
        routes = api.routes();

        router.route().failureHandler(Api::failure);
        router.route().last().handler(ctx -> {
            throw ApiException.notFound("no such path: " + ctx.request().path());
        });

        HttpServerOptions options = new HttpServerOptions()
                .setHost(host)
                .setPort(port)
                .setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions().setCertPath(certChain.toString()).setKeyPath(key.toString()))
                .setCompressionSupported(true)
                // request bodies are inflated by ReportCodec, which bounds the inflated size; never here
                .setDecompressionSupported(false)
                .setMaxHeaderSize(16 * 1024);
        if (nativeTls()) {
            // BoringSSL (netty-tcnative) where its native library loads: TLS was a sixth of ingest's CPU on the JDK's
            options.setSslEngineOptions(new io.vertx.core.net.OpenSSLEngineOptions());
        }
        return vertx.createHttpServer(options).requestHandler(router).listen().onSuccess(s -> server = s);
    }

    /** Whether TLS is served by BoringSSL (netty-tcnative) here rather than the JDK's engine. */
    static boolean nativeTls() {
        return io.vertx.core.net.OpenSSLEngineOptions.isAvailable();
    }

    /** The authenticated routes with the roles each allows, as mounted (for the role-table test). */
    public List<ApiRouter.RouteSpec> routes() {
        return routes;
    }

    /** The port actually bound (differs from the configured one when that was 0). */
    public int actualPort() {
        return server == null ? -1 : server.actualPort();
    }

    /**
     * A refused request (401, 403, 413 …) whose body has not all arrived: a large or unknown-length rest is never
     * buffered, the connection closes after a bounded lingering read ({@link #lingerThenClose}); a small rest (at most
     * {@link #DRAIN_LIMIT} bytes) is drained so an agent's connection stays usable.
     */
    private static void dropUnreadBody(RoutingContext ctx) {
        if (!refusedWithBodyLeft(ctx)) {
            return;
        }
        HttpServerRequest req = ctx.request();
        if (declaredLength(req) <= DRAIN_LIMIT) {
            req.resume();
        } else {
            lingerThenClose(ctx, req);
        }
    }

    /** The connection closes after this answer: a refusal whose unread rest is large or of unknown length. */
    private static boolean closesAfterRefusal(RoutingContext ctx) {
        return refusedWithBodyLeft(ctx) && declaredLength(ctx.request()) > DRAIN_LIMIT;
    }

    private static boolean refusedWithBodyLeft(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        return ctx.response().getStatusCode() >= 400 && !req.isEnded() && req.version() != HttpVersion.HTTP_2;
    }

    /** The body's declared length; {@code Long.MAX_VALUE} when absent (chunked) or not a number. */
    private static long declaredLength(HttpServerRequest req) {
        String length = req.getHeader("Content-Length");
        try {
            return length == null ? Long.MAX_VALUE : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * A lingering close: a client still writing a refused body would get a reset from an immediate close, and a reset
     * can swallow the answer it was sent. Read and discard for a short while, a bounded amount, then close.
     */
    private static void lingerThenClose(RoutingContext ctx, HttpServerRequest req) {
        long[] seen = {0};
        boolean[] closed = {false};
        Runnable close = () -> {
            if (!closed[0]) {
                closed[0] = true;
                req.connection().close();
            }
        };
        long timer = ctx.vertx().setTimer(LINGER_MILLIS, t -> close.run());
        req.handler(b -> {
            seen[0] += b.length();
            if (seen[0] > LINGER_LIMIT) {
                ctx.vertx().cancelTimer(timer);
                close.run();
            }
        });
        req.endHandler(v -> {
            ctx.vertx().cancelTimer(timer);
            close.run();
        });
        req.exceptionHandler(e -> close.run());
        req.resume();
    }

    private static BodyHandler body(int limit) {
        return BodyHandler.create(false).setBodyLimit(limit);
    }
}
