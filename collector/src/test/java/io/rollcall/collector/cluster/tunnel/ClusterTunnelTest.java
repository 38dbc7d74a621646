package io.rollcall.collector.cluster.tunnel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two tunnels on loopback with an echo server standing in for Hazelcast: bytes cross only after both ends proved the
 * secret, and one address holding idle connections cannot take every handshake slot.
 */
class ClusterTunnelTest {
    private static final String SECRET = "another-cluster-secret-longer-than-32-chars";
    private final List<AutoCloseable> closing = new ArrayList<>();
    private ServerSocket echo;

    @BeforeEach
    void echoServer() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        closing.add(echo);
        CompletableFuture.runAsync(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket s = echo.accept();
                    CompletableFuture.runAsync(() -> {
                        try (s) {
                            s.getInputStream().transferTo(s.getOutputStream());
                        } catch (IOException e) {
                            // closed
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    @Test
    void bytesCrossTheTunnelOnlyWhenBothEndsHoldTheSecret() throws Exception {
        assertEquals("hello", roundTrip(SECRET, SECRET));
        assertEquals("(closed)", roundTrip(SECRET, SECRET + "-not-quite"));
    }

    @Test
    void oneAddressHoldingIdleConnectionsCannotTakeEveryHandshakeSlot() throws Exception {
        ClusterTunnel server = tunnel(SECRET, Map.of());
        InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
        for (int i = 0; i < ClusterTunnel.MAX_PENDING_PER_ADDRESS; i++) {
            Socket idle = new Socket();
            closing.add(idle);
            idle.connect(target);
        }
        Thread.sleep(300); // let the tunnel count them
        try (Socket extra = new Socket()) {
            extra.connect(target);
            extra.setSoTimeout(ClusterTunnel.HANDSHAKE_MILLIS / 2);
            assertEquals(-1, extra.getInputStream().read(), "dropped at once, not after the handshake timeout");
        }
        // a member on another address still gets through and reaches "Hazelcast"
        EphemeralTls tls = EphemeralTls.create(new SecureRandom());
        try (SSLSocket member = (SSLSocket) tls.context().getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), server.port(), InetAddress.getByName("127.0.0.2"), 0)) {
            member.setSoTimeout(5_000);
            member.startHandshake();
            new TunnelAuth(SECRET, new SecureRandom()).asClient(member, tls.fingerprint());
            member.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
            member.getOutputStream().flush();
            assertArrayEquals("ping".getBytes(StandardCharsets.US_ASCII), member.getInputStream().readNBytes(4));
        }
    }

    /** Sends "hello" into A's endpoint for B; B forwards to the echo server. */
    private String roundTrip(String secretA, String secretB) throws Exception {
        ClusterTunnel b = tunnel(secretB, Map.of());
        int endpoint;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            endpoint = probe.getLocalPort();
        }
        tunnel(secretA, Map.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), endpoint),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), b.port())));
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), endpoint)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            byte[] got = in.readNBytes(5);
            return got.length == 0 ? "(closed)" : new String(got, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return "(closed)";
        }
    }

    private ClusterTunnel tunnel(String secret, Map<InetSocketAddress, InetSocketAddress> routes) throws IOException {
        ClusterTunnel t = ClusterTunnel.start(secret, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                echo::getLocalPort, routes);
        closing.add(t);
        return t;
    }
}
