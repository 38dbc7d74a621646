package io.rollcall.agent.transport;

import io.rollcall.common.enroll.ApiError;
import io.rollcall.common.enroll.EnrollRequest;
import io.rollcall.common.enroll.EnrollResponse;
import io.rollcall.common.enroll.ReportAck;
import io.rollcall.common.wire.ReportCodec;
import io.rollcall.common.wire.WireException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLContext;

/**
 * The agent's side of protocol v1 over HTTPS. The TLS context decides whom to trust (see {@link TlsContexts});
 * host names are verified by the JDK client. Every call times out after {@link #TIMEOUT} unless told otherwise.
 */
public final class CollectorClient {
    public static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** The {@code error} of a 403 to a report whose credential waits for a technician's approval. */
    public static final String PENDING_ERROR = "enrolment-pending";

    private final URI server;
    private final HttpClient http;
    private final Duration timeout;

    public CollectorClient(URI server, SSLContext tls, Duration timeout) {
        this.server = requireHttps(server.toString());
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().sslContext(tls).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * The collector's base URL without a trailing slash.
     *
     * @throws IllegalArgumentException naming the value when it is not an absolute https URL
     */
    public static URI requireHttps(String server) {
        URI uri;
        try {
            uri = URI.create(server == null ? "" : server.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(String.format("server was '%s', not a URL", server));
        }
        if (uri.getScheme() == null || !uri.getScheme().toLowerCase(Locale.ROOT).equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException(String.format(
                    "server was '%s', must be an https:// URL such as https://collector.example:8443", server));
        }
        String s = uri.toString();
        return URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    }

    /** A failed enrolment: the HTTP status (0 when there was no answer) and what the collector said. */
    public static final class EnrollException extends IOException {
        private final int status;

        public EnrollException(int status, String message, Throwable cause) {
            super(message, cause);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** {@code POST /api/v1/enroll} without proof of a current credential; see {@link #enroll(EnrollRequest, String)}. */
    public EnrollResponse enroll(EnrollRequest request) throws EnrollException {
        return enroll(request, null);
    }

    /**
     * {@code POST /api/v1/enroll}; accepts 200 or 201 (enrolled) and 202 (waiting for a technician's approval).
     *
     * @param proof the {@code Authorization} value of the device's current credential, which lets the collector
     *              rotate the secret without approval; {@code null} when the agent has none. Never logged
     */
    public EnrollResponse enroll(EnrollRequest request, String proof) throws EnrollException {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.resolve(server.getPath() + "/api/v1/enroll"))
                .timeout(timeout).header("Content-Type", "application/json");
        if (proof != null) {
            b.header("Authorization", proof);
        }
        HttpRequest req = b.POST(HttpRequest.BodyPublishers.ofByteArray(ReportCodec.toJson(request))).build();
        HttpResponse<byte[]> resp;
        try {
            resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new EnrollException(0, "cannot reach " + server + ": " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnrollException(0, "interrupted while enrolling", e);
        }
        if (resp.statusCode() != 200 && resp.statusCode() != 201 && resp.statusCode() != 202) {
            throw new EnrollException(resp.statusCode(), String.format("the collector refused enrolment (HTTP %d): %s",
                    resp.statusCode(), detail(resp.body())), null);
        }
        try {
            return ReportCodec.read(resp.body(), EnrollResponse.class);
        } catch (WireException e) {
            throw new EnrollException(resp.statusCode(), "the collector's enrolment answer is unreadable: " + e.getMessage(), e);
        }
    }

    /** {@code POST /api/v1/reports} with an already gzipped report, classifying the answer. Never throws. */
    public SendResult send(byte[] gzippedReport, String authorization) {
        HttpRequest req = HttpRequest.newBuilder(server.resolve(server.getPath() + "/api/v1/reports")).timeout(timeout)
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzippedReport)).build();
        HttpResponse<byte[]> resp;
        try {
            resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            return new SendResult.Retry("cannot reach " + server + ": " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SendResult.Retry("interrupted");
        }
        int status = resp.statusCode();
        if (status == 202 || status == 200) {
            try {
                return new SendResult.Accepted(ReportCodec.read(resp.body(), ReportAck.class));
            } catch (WireException e) {
                // stored, but the answer is odd: deleting is right, the collector said yes
                return new SendResult.Accepted(new ReportAck(null, false));
            }
        }
        if (status == 403 && PENDING_ERROR.equals(errorCode(resp.body()))) {
            return new SendResult.AwaitingApproval(detail(resp.body()));
        }
        if (status == 401 || status == 403) {
            return new SendResult.Revoked(status, detail(resp.body()));
        }
        if (status >= 400 && status < 500 && status != 408 && status != 429) {
            return new SendResult.Poison(status, detail(resp.body()));
        }
        return new SendResult.Retry(String.format("HTTP %d from %s: %s", status, server, detail(resp.body())));
    }

    /** The {@code error} of a JSON error body, or {@code null} when the body is not one. */
    private static String errorCode(byte[] body) {
        try {
            return ReportCodec.read(body, ApiError.class).error();
        } catch (WireException | RuntimeException e) {
            return null;
        }
    }

    private static String detail(byte[] body) {
        try {
            ApiError err = ReportCodec.read(body, ApiError.class);
            return err.error() + (err.detail() == null ? "" : ": " + err.detail());
        } catch (WireException | RuntimeException e) {
            String text = new String(body, StandardCharsets.UTF_8).strip();
            text = text.length() > 200 ? text.substring(0, 200) + "…" : text;
            return text.isEmpty() ? "(no body)" : text;
        }
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return root == e ? msg : (e.getMessage() == null ? "" : e.getMessage() + " (" + msg + ")");
    }
}
