package io.rollcall.agent.transport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.rollcall.common.enroll.EnrollRequest;
import io.rollcall.common.report.Report;
import io.rollcall.common.wire.ReportCodec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-process HTTPS collector for tests. Answers reports with the statuses queued in {@link #replies}
 * (202 when the queue is empty) and records what it received.
 *
 * <p>With {@link #checkSecrets} on it also plays the credential side of the protocol: it knows which secrets it
 * issued ({@link #secrets}: {@code active} or {@code pending}); a report with an unknown secret gets 401, one with
 * a pending secret 403 {@code enrolment-pending}. With {@link #approvalNeeded} on, an enrolment whose
 * {@code Authorization} header does not prove an active secret answers 202 {@code pending-approval};
 * {@link #approve()} is the technician's approval (the pending secret becomes active, the old one stops).
 */
public final class TestCollector implements AutoCloseable {
    public final HttpsServer server;
    public final Deque<Integer> replies = new ArrayDeque<>();
    public final List<Report> reports = new CopyOnWriteArrayList<>();
    public final List<EnrollRequest> enrolments = new CopyOnWriteArrayList<>();
    public final List<String> authorizations = new CopyOnWriteArrayList<>();
    public volatile String deviceId = "3f1c6a43-2f39-4c55-9a3a-0d4a3b9c8e11";
    /** The Authorization header of each enrolment, "" when there was none. */
    public final List<String> enrolAuthorizations = new CopyOnWriteArrayList<>();
    public final Map<String, String> secrets = new ConcurrentHashMap<>();
    public volatile boolean checkSecrets;
    public volatile boolean approvalNeeded;
    public final UUID pendingId = UUID.randomUUID();
    private final AtomicInteger issued = new AtomicInteger();

    public TestCollector(TestPki pki) throws IOException {
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(pki.serverContext));
        server.createContext("/api/v1/enroll", this::enroll);
        server.createContext("/api/v1/reports", this::report);
        server.start();
    }

    public String url() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The technician approves: pending secrets become active, the ones active before stop working. */
    public void approve() {
        secrets.entrySet().removeIf(e -> e.getValue().equals("active"));
        secrets.replaceAll((k, v) -> "active");
    }

    /** The collector no longer knows any active secret (say, its database was restored from an old backup). */
    public void forgetActiveSecrets() {
        secrets.entrySet().removeIf(e -> e.getValue().equals("active"));
    }

    private static String secretOf(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return "";
        }
        int dot = authorization.indexOf('.');
        return dot < 0 ? "" : authorization.substring(dot + 1);
    }

    private void enroll(HttpExchange ex) throws IOException {
        try {
            enrolments.add(ReportCodec.read(ex.getRequestBody().readAllBytes(), EnrollRequest.class));
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            enrolAuthorizations.add(auth == null ? "" : auth);
            String secret = "s3cr3t-for-test-" + issued.incrementAndGet();
            boolean proven = "active".equals(secrets.get(secretOf(auth)));
            if (approvalNeeded && !proven) {
                secrets.put(secret, "pending");
                reply(ex, 202, "{\"deviceId\":\"" + deviceId + "\",\"deviceSecret\":\"" + secret
                        + "\",\"reportIntervalSeconds\":3600,\"status\":\"pending-approval\",\"pendingId\":\""
                        + pendingId + "\"}");
                return;
            }
            if (proven) {
                secrets.remove(secretOf(auth)); // rotated: the old secret stops
            }
            secrets.put(secret, "active");
            reply(ex, 201, "{\"deviceId\":\"" + deviceId + "\",\"deviceSecret\":\"" + secret
                    + "\",\"reportIntervalSeconds\":3600,\"status\":\"enrolled\"}");
        } catch (Exception e) {
            reply(ex, 400, "{\"error\":\"bad-request\",\"detail\":\"" + e.getMessage().replace('"', '\'') + "\"}");
        }
    }

    private void report(HttpExchange ex) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        authorizations.add(auth);
        // read the body before any answer, as the collector does for small bodies: answering first makes the
        // server close a connection the client may already be reusing, and the next report fails on a reset
        byte[] body = ex.getRequestBody().readAllBytes();
        if (checkSecrets) {
            String known = secrets.get(secretOf(auth));
            if (known == null) {
                reply(ex, 401, "{\"error\":\"unauthorized\",\"detail\":\"unknown device credential\"}");
                return;
            }
            if (known.equals("pending")) {
                reply(ex, 403, "{\"error\":\"enrolment-pending\",\"detail\":\"waits for a technician\"}");
                return;
            }
        }
        int status;
        synchronized (replies) {
            status = replies.isEmpty() ? 202 : replies.poll();
        }
        try {
            byte[] json = ReportCodec.inflate(body,
                    ex.getRequestHeaders().getFirst("Content-Encoding"));
            Report r = ReportCodec.read(json, Report.class);
            if (status == 202) {
                reports.add(r);
                reply(ex, 202, "{\"reportId\":\"" + r.reportId() + "\",\"duplicate\":false}");
            } else {
                reply(ex, status, "{\"error\":\"test-error\",\"detail\":\"status " + status + " for " + r.reportId() + "\"}");
            }
        } catch (Exception e) {
            reply(ex, 400, "{\"error\":\"malformed\",\"detail\":\"unreadable\"}");
        }
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
