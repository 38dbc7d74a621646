package io.rollcall.collector.enrollment;

import io.rollcall.collector.http.Api;
import io.rollcall.collector.http.ApiException;
import io.rollcall.collector.http.ApiModule;
import io.rollcall.collector.http.ApiRouter;
import io.rollcall.collector.http.Role;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/v1/enrollment} (URL, CA fingerprint, token, install commands) and
 * {@code GET /api/v1/enrollment/installers/{file}} (a built installer). Technicians and admins only: the answer
 * carries the enrolment token. File checks run on the worker pool; the file itself is streamed by Vert.x.
 */
public final class EnrollmentHandlers implements ApiModule {
    private final WorkerExecutor blocking;
    private final EnrollmentService service;

    public EnrollmentHandlers(WorkerExecutor blocking, EnrollmentService service) {
        this.blocking = blocking;
        this.service = service;
    }

    @Override
    public void mount(ApiRouter api) {
        api.get("/api/v1/enrollment", Role.TECHNICIANS, this::info);
        api.get("/api/v1/enrollment/installers/:file", Role.TECHNICIANS, this::download);
    }

    void info(RoutingContext ctx) {
        blocking.executeBlocking(service::info, false).onSuccess(body -> {
            ctx.response().putHeader("Cache-Control", "no-store");
            Api.json(ctx, 200, body);
        }).onFailure(ctx::fail);
    }

    void download(RoutingContext ctx) {
        String file = ctx.pathParam("file");
        blocking.executeBlocking(() -> service.installer(file), false).onSuccess(path -> {
            if (path == null) {
                ctx.fail(ApiException.notFound("no installer '" + clip(file) + "'; GET /api/v1/enrollment lists those built"));
                return;
            }
            ctx.response().putHeader("Content-Type", "application/octet-stream")
                    .putHeader("Content-Disposition", "attachment; filename=\"" + path.getFileName() + "\"")
                    .putHeader("Cache-Control", "no-store")
                    .sendFile(path.toString()).onFailure(ctx::fail);
        }).onFailure(ctx::fail);
    }

    /** Echo at most a short, printable part of what the caller sent. */
    private static String clip(String s) {
        String printable = s.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 64 ? printable.substring(0, 64) + "…" : printable;
    }
}
