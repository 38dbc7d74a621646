package io.rollcall.collector.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.collector.support.TestCollector;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /health/ready} follows the store: a collector on an H2 TCP server answers 503 with a reason word while
 * the server is stopped and 200 again once it is back; {@code /health/live} stays 200 throughout.
 */
class ReadinessTest {
    @TempDir
    Path dir;

    @Test
    void readyFailsWhileTheStoreIsUnreachableAndRecoversWhenItReturns() throws Exception {
        Path dbDir = Files.createDirectories(dir.resolve("h2"));
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        List<String> args = List.of("-tcpPort", Integer.toString(port), "-ifNotExists", "-baseDir", dbDir.toString());
        Server h2 = Server.createTcpServer(args.toArray(String[]::new)).start();
        String url = "jdbc:h2:tcp://127.0.0.1:" + port + "/rollcall;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH";
        try (TestCollector rc = new TestCollector(dir.resolve("data")).start(0, c -> c.withJdbcUrl(url), Clock.systemUTC())) {
            assertEquals(200, ready(rc).statusCode());
            // without metrics.token, a client on loopback may scrape
            assertEquals(200, rc.send(rc.request("/metrics").GET()).statusCode());

            h2.stop();
            HttpResponse<String> down = waitFor(rc, 503);
            assertTrue(down.body().equals("{\"status\":\"DOWN\",\"reason\":\"store-unreachable\"}")
                    || down.body().equals("{\"status\":\"DOWN\",\"reason\":\"store-timeout\"}"), down.body());
            assertEquals(200, rc.send(rc.request("/health/live").GET()).statusCode());

            h2 = Server.createTcpServer(args.toArray(String[]::new)).start();
            assertEquals("{\"status\":\"UP\"}", waitFor(rc, 200).body());
        } finally {
            h2.stop();
        }
    }

    private static HttpResponse<String> ready(TestCollector rc) throws Exception {
        return rc.send(rc.request("/health/ready").GET());
    }

    /** Polls readiness until it answers {@code status}: the store's state changes outside the test's clock. */
    private static HttpResponse<String> waitFor(TestCollector rc, int status) throws Exception {
        long deadline = System.nanoTime() + 90_000_000_000L;
        HttpResponse<String> last;
        do {
            last = ready(rc);
            if (last.statusCode() == status) {
                return last;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("readiness stayed " + last.statusCode() + " " + last.body() + ", expected " + status);
    }
}
