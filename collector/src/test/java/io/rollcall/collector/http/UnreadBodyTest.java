package io.rollcall.collector.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.collector.support.ConsoleSession;
import io.rollcall.collector.support.RawHttps;
import io.rollcall.collector.support.TestCollector;
import io.rollcall.common.enroll.EnrollResponse;
import io.rollcall.common.wire.Limits;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials and roles are checked before a body is read: a client that announces megabytes and has sent only
 * the first 64 KB gets its refusal at once (a server that buffered the body first would still be waiting for
 * the rest), and the connection is closed rather than the rest read.
 */
class UnreadBodyTest {
    static final int FIRST_PART = 64 * 1024;

    @TempDir
    static Path dir;
    static TestCollector tc;
    static RawHttps raw;

    @BeforeAll
    static void start() throws Exception {
        tc = new TestCollector(dir).start(0);
        raw = new RawHttps(tc);
    }

    @AfterAll
    static void stop() {
        tc.close();
    }

    /**
     * Announces {@code length} bytes, sends the headers and the first 64 KB only, and returns the answer if it
     * comes within 10 s while the rest is still unsent; then shows the server will not read the rest.
     */
    private static RawHttps.Response refusedEarly(String path, long length, String... headers) throws Exception {
        try (Socket s = raw.open("127.0.0.1")) {
            OutputStream out = s.getOutputStream();
            out.write(RawHttps.head("POST", path, length, headers));
            out.write(new byte[FIRST_PART]);
            out.flush();
            CompletableFuture<RawHttps.Response> answer = RawHttps.readAsync(s);
            RawHttps.Response r = RawHttps.within(answer, 10);
            assertNotNull(r, "no answer while " + (length - FIRST_PART) + " bytes of the body were unsent: "
                    + "the server is waiting for the body before checking who is asking");
            // the connection is closed, not kept reading: after the answer the server ends it, however much of the
            // rest the loopback socket buffers happened to absorb (a drained keep-alive connection would stay open)
            s.setSoTimeout(10_000);
            try {
                byte[] chunk = new byte[64 * 1024];
                for (long sent = FIRST_PART; sent < length; sent += chunk.length) {
                    out.write(chunk);
                }
                out.flush();
            } catch (IOException closedWhileWriting) {
                // the server closed the connection while the rest was still being written: what we want
            }
            assertTrue(endedByServer(s), "the server kept the connection open to read the body it had refused");
            return r;
        }
    }

    /** True when the peer closed or reset the connection; false when it is still open after the socket timeout. */
    private static boolean endedByServer(Socket s) {
        try {
            while (s.getInputStream().read() != -1) {
                // nothing more should come after the answer; keep reading until the end or the timeout
            }
            return true;
        } catch (java.net.SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Test
    void aFourMegabyteReportWithAnUnknownDeviceIsRefusedBeforeItsBodyIsRead() throws Exception {
        RawHttps.Response r = refusedEarly("/api/v1/reports", Limits.MAX_WIRE_BYTES,
                "Authorization: Bearer " + UUID.randomUUID() + ".not-the-secret", "Content-Type: application/json");
        assertEquals(401, r.status(), r.toString());
    }

    @Test
    void aFourMegabyteReportWithARealDeviceAndAWrongSecretIsRefusedBeforeItsBodyIsRead() throws Exception {
        EnrollResponse d = tc.enroll(UUID.randomUUID().toString());
        RawHttps.Response r = refusedEarly("/api/v1/reports", Limits.MAX_WIRE_BYTES,
                "Authorization: Bearer " + d.deviceId() + ".wrong-secret", "Content-Type: application/json");
        assertEquals(401, r.status(), r.toString());
    }

    @Test
    void anUnauthenticatedThreeMegabytePostToAnAdminPathIsRefusedBeforeItsBodyIsRead() throws Exception {
        RawHttps.Response r = refusedEarly("/api/v1/people/import", 3 * 1024 * 1024, "Content-Type: text/csv");
        assertEquals(401, r.status(), r.toString());
    }

    @Test
    void aThreeMegabytePostFromARoleThatMayNotIsRefusedBeforeItsBodyIsRead() throws Exception {
        String technician = tc.newUserToken("technician");
        RawHttps.Response r = refusedEarly("/api/v1/people/import", 3 * 1024 * 1024,
                "Authorization: Bearer " + technician, "Content-Type: text/csv");
        assertEquals(403, r.status(), r.toString());
    }

    @Test
    void aThreeMegabyteConsoleFormFromARoleThatMayNotIsRefusedBeforeItsBodyIsRead() throws Exception {
        ConsoleSession technician = ConsoleSession.newUser(tc, "t.unread", "technician");
        RawHttps.Response r = refusedEarly("/console/staff/import/preview", 3 * 1024 * 1024,
                "Cookie: " + technician.cookie(), "Content-Type: application/x-www-form-urlencoded");
        assertEquals(403, r.status(), r.toString());
    }

    @Test
    void aSmallRefusedBodyIsDrainedAndARightCredentialStillReports() throws Exception {
        RawHttps.Response r = raw.send("127.0.0.1", "POST", "/api/v1/reports", "{}".getBytes(),
                "Authorization: Bearer " + UUID.randomUUID() + ".x", "Content-Type: application/json");
        assertEquals(401, r.status(), r.toString());
        EnrollResponse d = tc.enroll(UUID.randomUUID().toString());
        // the body handler still runs after the credential check: an empty body from a real device is a 400
        RawHttps.Response empty = raw.send("127.0.0.1", "POST", "/api/v1/reports", new byte[0],
                "Authorization: Bearer " + d.deviceId() + "." + d.deviceSecret(), "Content-Type: application/json");
        assertEquals(400, empty.status(), empty.toString());
    }
}
