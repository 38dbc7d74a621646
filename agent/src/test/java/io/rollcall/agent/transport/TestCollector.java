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
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-process HTTPS collector for tests. Answers reports with the statuses queued in {@link #replies}
 * (202 when the queue is empty) and records what it received.
 */
public final class TestCollector implements AutoCloseable {
    public final HttpsServer server;
    public final Deque<Integer> replies = new ArrayDeque<>();
    public final List<Report> reports = new CopyOnWriteArrayList<>();
    public final List<EnrollRequest> enrolments = new CopyOnWriteArrayList<>();
    public final List<String> authorizations = new CopyOnWriteArrayList<>();
    public volatile String deviceId = "3f1c6a43-2f39-4c55-9a3a-0d4a3b9c8e11";

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

    private void enroll(HttpExchange ex) throws IOException {
        try {
            enrolments.add(ReportCodec.read(ex.getRequestBody().readAllBytes(), EnrollRequest.class));
            reply(ex, 201, "{\"deviceId\":\"" + deviceId + "\",\"deviceSecret\":\"s3cr3t-for-test\",\"reportIntervalSeconds\":3600}");
        } catch (Exception e) {
            reply(ex, 400, "{\"error\":\"bad-request\",\"detail\":\"" + e.getMessage().replace('"', '\'') + "\"}");
        }
    }

    private void report(HttpExchange ex) throws IOException {
        authorizations.add(ex.getRequestHeaders().getFirst("Authorization"));
        int status;
        synchronized (replies) {
            status = replies.isEmpty() ? 202 : replies.poll();
        }
        try {
            byte[] json = ReportCodec.inflate(ex.getRequestBody().readAllBytes(),
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
