package io.rollcall.collector.interop;

import io.rollcall.collector.auth.Authenticator;
import io.rollcall.collector.enrollment.EnrollToken;
import io.rollcall.collector.http.HttpVerticle;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;

/**
 * {@code POST /ocsinventory}: the credential is checked from the header (on a worker, request paused) before any of
 * the body is read, then the body (at most {@link OcsXml#MAX_BODY_BYTES}, whatever its Content-Type) is decoded and
 * answered on a worker. Replies
 * are zlib-compressed XML, as both agents expect; a refusal is a non-2xx status with an {@code ERROR} reply (the
 * agents log the status and keep their inventory for the next run), and a 401 carries the Basic challenge the agents
 * wait for before they send credentials.
 */
public final class OcsRoutes implements HttpVerticle.PublicModule {
    public static final String PATH = "/ocsinventory";
    private static final String TOKEN_KEY = "rollcall.ocs.token";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OcsRoutes.class);
    private final WorkerExecutor blocking;
    private final OcsService service;

    public OcsRoutes(WorkerExecutor blocking, OcsService service) {
        this.blocking = blocking;
        this.service = service;
    }

    @Override
    public void mount(Router router) {
        router.post(PATH).handler(this::authenticate);
        router.post(PATH).handler(this::request);
        router.route(PATH).failureHandler(this::failure);
    }

    private void authenticate(RoutingContext ctx) {
        String authorization = ctx.request().getHeader("Authorization");
        String address = Authenticator.address(ctx);
        ctx.request().pause();
        blocking.executeBlocking(() -> service.authenticate(authorization, address), false).onSuccess(token -> {
            ctx.put(TOKEN_KEY, token);
            ctx.next();
        }).onFailure(ctx::fail);
    }

    /**
     * Reads the body itself, within {@link OcsXml#MAX_BODY_BYTES}: Vert.x's BodyHandler would decode a body sent as
     * {@code application/x-www-form-urlencoded} (curl's default, and what some OCS clients send) as a form and refuse
     * the compressed bytes.
     */
    private void request(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        String length = req.getHeader("Content-Length");
        if (length != null && length.length() < 19 && length.chars().allMatch(Character::isDigit)
                && Long.parseLong(length) > OcsXml.MAX_BODY_BYTES) {
            ctx.fail(OcsRefusal.tooLarge("the body is " + length + " bytes, the limit is " + OcsXml.MAX_BODY_BYTES));
            return;
        }
        Buffer received = Buffer.buffer();
        boolean[] refused = {false};
        req.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if (received.length() + chunk.length() > OcsXml.MAX_BODY_BYTES) {
                refused[0] = true;
                ctx.fail(OcsRefusal.tooLarge("the body is larger than " + OcsXml.MAX_BODY_BYTES + " bytes"));
                return;
            }
            received.appendBuffer(chunk);
        });
        req.exceptionHandler(e -> {
            if (!refused[0]) {
                refused[0] = true;
                ctx.fail(e);
            }
        });
        req.endHandler(v -> {
            if (!refused[0]) {
                answer(ctx, received);
            }
        });
        req.resume();
    }

    private void answer(RoutingContext ctx, Buffer b) {
        EnrollToken token = ctx.get(TOKEN_KEY);
        if (b.length() == 0) {
            ctx.fail(OcsRefusal.hostile("the body is empty; send one OCS request"));
            return;
        }
        byte[] body = b.getBytes();
        String userAgent = ctx.request().getHeader("User-Agent");
        blocking.executeBlocking(() -> service.handle(token, body, userAgent), false)
                .onSuccess(reply -> send(ctx, 200, reply.xml()))
                .onFailure(ctx::fail);
    }

    private void failure(RoutingContext ctx) {
        Throwable f = ctx.failure();
        int status;
        String detail;
        if (f instanceof OcsRefusal r) {
            status = r.status();
            detail = r.code() + ": " + r.getMessage();
            if (r.retryAfterSeconds() > 0) {
                ctx.response().putHeader("Retry-After", Long.toString(r.retryAfterSeconds()));
            }
        } else {
            status = ctx.statusCode() >= 400 ? ctx.statusCode() : 500;
            detail = status == 500 ? "the inventory could not be stored; retry later" : "refused";
            if (status == 500) {
                LOG.error("POST {} failed", PATH, f);
            }
        }
        if (status == 401) {
            ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"" + OcsService.REALM + "\"");
        } else {
            LOG.info("POST {} from {} refused with {}: {}", PATH, Authenticator.address(ctx), status, detail);
        }
        if (ctx.response().ended() || ctx.response().headWritten()) {
            return;
        }
        send(ctx, status, OcsService.reply("ERROR", "<ERROR>" + escape(detail) + "</ERROR>"));
    }

    private static void send(RoutingContext ctx, int status, String xml) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/x-compress")
                .end(Buffer.buffer(zlib(xml.getBytes(StandardCharsets.UTF_8))));
    }

    static byte[] zlib(byte[] data) {
        Deflater d = new Deflater();
        try {
            d.setInput(data);
            d.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 64);
            byte[] buf = new byte[8192];
            while (!d.finished()) {
                out.write(buf, 0, d.deflate(buf));
            }
            return out.toByteArray();
        } finally {
            d.end();
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
