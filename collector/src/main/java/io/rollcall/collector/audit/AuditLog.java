package io.rollcall.collector.audit;

import io.rollcall.collector.auth.Authenticator;
import io.rollcall.collector.http.ApiException;
import io.rollcall.collector.http.ApiRouter;
import io.rollcall.collector.http.AuditSink;
import io.rollcall.collector.http.Principal;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records audited acts. Entries are queued from the event loop and written in order by one
 * dedicated thread, in batches, so a burst of changes costs one transaction and the event loop never
 * waits on SQL. {@link #flush} waits for everything queued so far: reads of the log call it first,
 * so a change is in the log its author reads next.
 */
public final class AuditLog implements AuditSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private final AuditStore store;
    private final Clock clock;
    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rollcall-audit");
        t.setDaemon(true);
        return t;
    });
    private final List<AuditEntry> pending = new ArrayList<>();
    private final AuthFailures authFailures;

    public AuditLog(AuditStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.authFailures = new AuthFailures(clock, Duration.ofMinutes(1), this::enqueue);
        // a window of refused requests is written within half a minute of its end even if nothing else happens
        writer.scheduleWithFixedDelay(() -> {
            authFailures.closeDue();
            drain();
        }, 30, 30, TimeUnit.SECONDS);
    }

    /**
     * Records a request refused with 401 before it reached the route table, folded per client address
     * (see {@link AuthFailures}): {@code who} is what was presented, without its secret.
     */
    public void authFailed(String address, String who, String method, String path) {
        authFailures.failed(address, who, method + " " + path);
    }

    public AuditStore store() {
        return store;
    }

    @Override
    public void record(RoutingContext ctx, ApiRouter.RouteSpec route) {
        Principal p;
        try {
            p = Principal.of(ctx);
        } catch (ApiException e) {
            p = null;
        }
        String target = ctx.request().path();
        String query = ctx.request().query();
        if (query != null && !query.isEmpty()) {
            target = target + "?" + query;
        }
        record(p, ctx.request().method().name(), target, ctx.response().getStatusCode(),
                Authenticator.address(ctx), null);
    }

    /** Records a named act (login, logout, a console form) by {@code who}, which may be null before sign-in. */
    public void record(Principal who, String action, String target, int status, String remote, String detail) {
        AuditEntry e = new AuditEntry(UUID.randomUUID(), clock.instant(),
                who == null ? "anonymous" : who.id(), who == null ? "anonymous" : who.name(),
                who == null ? null : who.role().wire(), action, target, status, remote, detail);
        enqueue(e);
    }

    private void enqueue(AuditEntry e) {
        synchronized (pending) {
            pending.add(e);
        }
        writer.execute(this::drain);
    }

    /** Completes when every entry recorded before this call is stored. */
    public CompletableFuture<Void> flush() {
        authFailures.closeDue();
        return CompletableFuture.runAsync(this::drain, writer);
    }

    private void drain() {
        List<AuditEntry> batch;
        synchronized (pending) {
            if (pending.isEmpty()) {
                return;
            }
            batch = new ArrayList<>(pending);
            pending.clear();
        }
        try {
            store.insert(batch);
        } catch (Exception ex) {
            // never drop silently: the log line names what was lost so it can be reconstructed
            LOG.error("could not store {} audit entries (first: {} {} by {})", batch.size(),
                    batch.get(0).action(), batch.get(0).target(), batch.get(0).actorId(), ex);
        }
    }

    @Override
    public void close() {
        authFailures.closeAll();
        writer.execute(this::drain);
        writer.shutdown();
        try {
            writer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
