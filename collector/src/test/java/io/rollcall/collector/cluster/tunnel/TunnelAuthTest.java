package io.rollcall.collector.cluster.tunnel;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * The tunnel's proof of the cluster secret over real TLS sockets on loopback: both ends must hold the secret, and a
 * middleman who terminates TLS on each side and relays every byte of the proof still fails, because the proof is
 * bound to the certificates each end actually saw.
 */
class TunnelAuthTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String SECRET = "a-cluster-secret-of-more-than-32-characters";

    @Test
    void endsWithTheSameSecretAcceptEachOther() throws Exception {
        Result r = run(SECRET, SECRET, false);
        assertDoesNotThrow(() -> r.server.get(10, TimeUnit.SECONDS));
        assertDoesNotThrow(() -> r.client.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aClientWithTheWrongSecretIsRefusedAndGetsNoProofBack() throws Exception {
        Result r = run(SECRET, SECRET.replace('a', 'b'), false);
        assertRefused(r.server);
        assertThrows(Exception.class, () -> r.client.get(10, TimeUnit.SECONDS));
    }

    @Test
    void anImpostorServerThatSkipsTheCheckAndAnswersAnyProofIsRefusedByTheClient() throws Exception {
        EphemeralTls impostorTls = EphemeralTls.create(RANDOM);
        SSLServerSocket listener = (SSLServerSocket) impostorTls.context().getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress());
        listener.setNeedClientAuth(true);
        listener.setSoTimeout(10_000);
        CompletableFuture.runAsync(() -> {
            try (listener; SSLSocket s = (SSLSocket) listener.accept()) {
                byte[] greeting = new byte[36];
                System.arraycopy("RCT1".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, greeting, 0, 4);
                s.getOutputStream().write(greeting);
                s.getInputStream().readNBytes(4 + 32 + 32);
                byte[] made = new byte[32];
                RANDOM.nextBytes(made);
                s.getOutputStream().write(made);
                s.getOutputStream().flush();
                s.getInputStream().read();
            } catch (IOException e) {
                // the client hangs up
            }
        });
        EphemeralTls clientTls = EphemeralTls.create(RANDOM);
        try (SSLSocket s = (SSLSocket) clientTls.context().getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
            s.setSoTimeout(10_000);
            s.startHandshake();
            assertThrows(TunnelAuth.Refused.class,
                    () -> new TunnelAuth(SECRET, RANDOM).asClient(s, clientTls.fingerprint()));
        }
    }

    @Test
    void aServerWithADifferentSecretRefusesTheClientsProof() throws Exception {
        Result r = run(SECRET.replace('a', 'b'), SECRET, false);
        assertRefused(r.server);
        assertThrows(Exception.class, () -> r.client.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aRelayingMiddlemanFailsEvenThoughBothEndsHoldTheSecret() throws Exception {
        Result r = run(SECRET, SECRET, true);
        assertRefused(r.server);
        assertThrows(Exception.class, () -> r.client.get(10, TimeUnit.SECONDS));
    }

    private static void assertRefused(CompletableFuture<Void> end) {
        Exception e = assertThrows(Exception.class, () -> end.get(10, TimeUnit.SECONDS));
        Throwable cause = e.getCause();
        org.junit.jupiter.api.Assertions.assertInstanceOf(TunnelAuth.Refused.class, cause, String.valueOf(cause));
    }

    private record Result(CompletableFuture<Void> server, CompletableFuture<Void> client) {
    }

    /** A TLS server and client on loopback doing the proof; with {@code middleman}, through a TLS-terminating relay. */
    private static Result run(String serverSecret, String clientSecret, boolean middleman) throws Exception {
        EphemeralTls serverTls = EphemeralTls.create(RANDOM);
        EphemeralTls clientTls = EphemeralTls.create(RANDOM);
        SSLServerSocket listener = (SSLServerSocket) serverTls.context().getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress());
        listener.setNeedClientAuth(true);
        listener.setSoTimeout(10_000);
        CompletableFuture<Void> server = CompletableFuture.runAsync(() -> {
            try (listener; SSLSocket s = (SSLSocket) listener.accept()) {
                s.setSoTimeout(10_000);
                s.startHandshake();
                new TunnelAuth(serverSecret, RANDOM).asServer(s, serverTls.fingerprint());
            } catch (IOException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        int target = listener.getLocalPort();
        if (middleman) {
            target = relay(target);
        }
        int port = target;
        CompletableFuture<Void> client = CompletableFuture.runAsync(() -> {
            try (SSLSocket s = (SSLSocket) clientTls.context().getSocketFactory().createSocket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
                s.setSoTimeout(10_000);
                s.startHandshake();
                new TunnelAuth(clientSecret, RANDOM).asClient(s, clientTls.fingerprint());
            } catch (IOException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        return new Result(server, client);
    }

    /** Terminates TLS from the client with its own certificate, opens its own TLS to the server, copies bytes. */
    private static int relay(int serverPort) throws Exception {
        EphemeralTls mitm = EphemeralTls.create(RANDOM);
        SSLServerSocket front = (SSLServerSocket) mitm.context().getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress());
        front.setNeedClientAuth(true);
        front.setSoTimeout(10_000);
        CompletableFuture.runAsync(() -> {
            try (front; Socket victim = front.accept();
                 SSLSocket back = (SSLSocket) mitm.context().getSocketFactory()
                         .createSocket(InetAddress.getLoopbackAddress(), serverPort)) {
                CompletableFuture<Void> up = CompletableFuture.runAsync(() -> copy(victim, back));
                copy(back, victim);
                up.get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // the relay ends when either side drops it
            }
        });
        return front.getLocalPort();
    }

    private static void copy(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] b = new byte[4096];
            int n;
            while ((n = in.read(b)) >= 0) {
                out.write(b, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // closed
        } finally {
            try {
                from.close();
                to.close();
            } catch (IOException e) {
                // closed
            }
        }
    }
}
