package io.rollcall.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ByteRelayTest {

    /** A loopback server that reads each connection to its end, then answers with {@code reply} and closes. */
    private static final class ReplyingServer implements AutoCloseable {
        final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final CompletableFuture<byte[]> firstReceived = new CompletableFuture<>();

        ReplyingServer(byte[] reply, int connections) throws IOException {
            Thread t = new Thread(() -> {
                for (int i = 0; i < connections; i++) {
                    try (Socket s = socket.accept()) {
                        byte[] got = s.getInputStream().readAllBytes();
                        firstReceived.complete(got);
                        s.getOutputStream().write(reply);
                    } catch (IOException e) {
                        firstReceived.completeExceptionally(e);
                        return;
                    }
                }
            });
            t.setDaemon(true);
            t.start();
        }

        InetSocketAddress address() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Sends {@code body} through the relay, half-closes, and returns everything that came back. */
    private static byte[] exchange(int port, byte[] body) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.getOutputStream().write(body);
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            return in.readAllBytes();
        }
    }

    @Test
    void passesBothDirectionsThroughUnchangedAndCountsEveryByte() throws Exception {
        byte[] request = random(300_001, 1); // larger than the relay's buffer and the socket buffers
        byte[] reply = random(3_333, 2);
        CountDownLatch ended = new CountDownLatch(1);
        try (ReplyingServer server = new ReplyingServer(reply, 1);
             ByteRelay relay = ByteRelay.start(0, server.address(), ended::countDown)) {
            byte[] back = exchange(relay.port(), request);

            assertArrayEquals(reply, back);
            assertArrayEquals(request, server.firstReceived.get(10, TimeUnit.SECONDS));
            // counted before the end of stream was passed on: final as soon as both peers saw it
            ByteRelay.Counts c = relay.counts();
            assertEquals(300_001, c.up());
            assertEquals(3_333, c.down());
            assertEquals(1, c.connections());
            assertTrue(ended.await(10, TimeUnit.SECONDS));
            assertEquals(0, relay.counts().open());
        }
    }

    @Test
    void countsAddUpOverSeveralConnectionsIncludingEmptyOnes() throws Exception {
        byte[] reply = random(10, 3);
        CountDownLatch ended = new CountDownLatch(3);
        try (ReplyingServer server = new ReplyingServer(reply, 3);
             ByteRelay relay = ByteRelay.start(0, server.address(), ended::countDown)) {
            assertArrayEquals(reply, exchange(relay.port(), random(1_000, 4)));
            assertArrayEquals(reply, exchange(relay.port(), new byte[0]));
            assertArrayEquals(reply, exchange(relay.port(), random(24_577, 5)));
            assertTrue(ended.await(10, TimeUnit.SECONDS));

            assertEquals(new ByteRelay.Counts(3, 0, 1_000 + 24_577, 30), relay.counts());
        }
    }

    @Test
    void aTargetThatRefusesEndsTheClientsConnectionAndCountsNothing() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        CountDownLatch ended = new CountDownLatch(1);
        try (ByteRelay relay = ByteRelay.start(0, new InetSocketAddress(InetAddress.getLoopbackAddress(), closedPort),
                ended::countDown)) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), relay.port())) {
                assertEquals(-1, s.getInputStream().read());
            }
            assertTrue(ended.await(10, TimeUnit.SECONDS));
            assertEquals(new ByteRelay.Counts(1, 0, 0, 0), relay.counts());
        }
    }

    @Test
    void refusesATargetOffLoopback() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ByteRelay.start(0, new InetSocketAddress(InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 1}), 443)));
        assertTrue(e.getMessage().contains("192.0.2.1"), e.getMessage());
        assertTrue(e.getMessage().contains("loopback"), e.getMessage());
    }

    @Test
    void listensOnLoopbackOnly() throws Exception {
        try (ReplyingServer server = new ReplyingServer(new byte[0], 0);
             ByteRelay relay = ByteRelay.start(0, server.address())) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), relay.port()), 5_000);
                assertTrue(probe.getLocalAddress().isLoopbackAddress());
            }
            assertEquals(InetAddress.getLoopbackAddress(), relay.address().getAddress());
        }
    }

    @Test
    void statsFileIsKeyValueLinesAndReplacedWhole(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("relay.stats");
        ByteRelay.writeStats(file, new ByteRelay.Counts(2, 1, 1_234, 56), 4_321);
        ByteRelay.writeStats(file, new ByteRelay.Counts(3, 0, 2_000, 60), 4_321);

        assertEquals("port=4321\nconnections=3\nopen=0\nup=2000\ndown=60\n", Files.readString(file));
        try (var listing = Files.list(dir)) {
            assertEquals(1, listing.count(), "no temporary file left behind");
        }
    }
}
