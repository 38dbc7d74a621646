package io.rollcall.collector.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real TLS handshakes against the generated material, with clients that trust only ca.crt. */
class TlsHandshakeTest {

    private static final ServerNames NAMES = ServerNames.forThisHost(List.of());

    @TempDir
    Path dataDir;

    private static HttpResponse<String> get(SSLContext client, int port) throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(client).connectTimeout(Duration.ofSeconds(10)).build();
        return http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/health"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpsServer jdkServer(CertificateAuthority ca) throws Exception {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(
                TlsTestSupport.serverContext(ca.serverKeyPath(), ca.serverCertChainPath())));
        server.createContext("/health", exchange -> {
            byte[] body = "ok".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    @Test
    void clientTrustingOnlyCaCrtCompletesTheHandshakeWithLocalhost() throws Exception {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(dataDir, NAMES);
        HttpsServer server = jdkServer(ca);
        try {
            HttpResponse<String> response = get(TlsTestSupport.clientTrustingOnly(ca.caCertPath()),
                    server.getAddress().getPort());
            assertEquals(200, response.statusCode());
            assertEquals("ok", response.body());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void clientPinningAnotherCollectorsCaRejectsTheServer() throws Exception {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(dataDir.resolve("a"), NAMES);
        CertificateAuthority stranger = CertificateAuthority.loadOrCreate(dataDir.resolve("b"), NAMES);
        HttpsServer server = jdkServer(ca);
        try {
            SSLContext client = TlsTestSupport.clientTrustingOnly(stranger.caCertPath());
            assertThrows(SSLHandshakeException.class, () -> get(client, server.getAddress().getPort()));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void vertxServerConfiguredWithPemKeyCertOptionsServesTheGeneratedChain() throws Exception {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(dataDir, NAMES);
        Vertx vertx = Vertx.vertx();
        try {
            HttpServer server = vertx.createHttpServer(new HttpServerOptions()
                            .setSsl(true)
                            .setKeyCertOptions(ca.pemKeyCertOptions()))
                    .requestHandler(request -> request.response().end("ok"))
                    .listen(0, "localhost")
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

            HttpResponse<String> response = get(TlsTestSupport.clientTrustingOnly(ca.caCertPath()), server.actualPort());

            assertEquals(200, response.statusCode());
            assertEquals("ok", response.body());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void namesForThisHostIncludeLocalhostAndBothLoopbackAddresses() throws IOException {
        assertTrue(NAMES.dnsNames().contains("localhost"));
        assertTrue(NAMES.ipAddresses().containsAll(List.of("127.0.0.1", "0:0:0:0:0:0:0:1")), NAMES.toString());
    }
}
