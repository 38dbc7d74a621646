package io.rollcall.collector.cluster.tunnel;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries Hazelcast member traffic between collectors that bind Hazelcast on loopback only. The one listener on a
 * network address is {@link #port()}: TLS with an ephemeral certificate, then {@link TunnelAuth}; a peer that cannot
 * prove the cluster secret is dropped before any byte reaches Hazelcast. Each other member also gets a loopback
 * endpoint here (its Hazelcast address as every member knows it) whose connections are tunnelled to that member.
 * <p>
 * Blocking sockets on daemon threads ({@code rollcall-tunnel-*}): a cluster has a few long-lived member connections,
 * so two copying threads per connection cost less than an event loop's complexity. At most {@link #MAX_PENDING}
 * unauthenticated handshakes run at once, at most {@link #MAX_PENDING_PER_ADDRESS} from one address (so one host
 * holding idle connections cannot keep the real members out), each for at most {@link #HANDSHAKE_MILLIS}; more are
 * closed at once.
 */
public final class ClusterTunnel implements Closeable {
    static final int MAX_PENDING = 16;
    static final int MAX_PENDING_PER_ADDRESS = 4;
    static final int HANDSHAKE_MILLIS = 5_000;
    private static final Logger LOG = LoggerFactory.getLogger(ClusterTunnel.class);

    private final EphemeralTls tls;
    private final TunnelAuth auth;
    private final IntSupplier hazelcastPort;
    private final SSLServerSocket server;
    private final List<ServerSocket> endpoints = new ArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Semaphore pending = new Semaphore(MAX_PENDING);
    private final Map<InetAddress, AtomicInteger> pendingByAddress = new ConcurrentHashMap<>();
    private final ExecutorService threads;
    private final AtomicLong lastWarning = new AtomicLong();
    private final AtomicInteger refusedSinceWarning = new AtomicInteger();
    private volatile boolean closed;

    private ClusterTunnel(EphemeralTls tls, TunnelAuth auth, IntSupplier hazelcastPort, SSLServerSocket server) {
        this.tls = tls;
        this.auth = auth;
        this.hazelcastPort = hazelcastPort;
        this.server = server;
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "rollcall-tunnel-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * @param secret        the shared cluster secret (checked for length by the caller)
     * @param listen        where peers reach this node's tunnel; port 0 picks a free one
     * @param hazelcastPort this node's Hazelcast port on 127.0.0.1, asked at each connection
     * @param routes        loopback endpoint to open here → the tunnel address of the member it stands for
     */
    public static ClusterTunnel start(String secret, InetSocketAddress listen, IntSupplier hazelcastPort,
                                      Map<InetSocketAddress, InetSocketAddress> routes) throws IOException {
        SecureRandom random = new SecureRandom();
        EphemeralTls tls;
        try {
            tls = EphemeralTls.create(random);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot create the cluster tunnel's TLS identity", e);
        }
        SSLServerSocket server = (SSLServerSocket) tls.context().getServerSocketFactory().createServerSocket();
        ClusterTunnel tunnel = new ClusterTunnel(tls, new TunnelAuth(secret, random), hazelcastPort, server);
        try {
            server.setReuseAddress(true);
            server.setNeedClientAuth(true);
            server.setEnabledProtocols(new String[]{"TLSv1.3"});
            server.bind(listen, 50);
            tunnel.loop(server, tunnel::serve);
            for (Map.Entry<InetSocketAddress, InetSocketAddress> route : routes.entrySet()) {
                ServerSocket endpoint = new ServerSocket();
                tunnel.endpoints.add(endpoint);
                endpoint.setReuseAddress(true);
                endpoint.bind(route.getKey(), 50);
                InetSocketAddress remote = route.getValue();
                tunnel.loop(endpoint, local -> tunnel.forward(local, remote));
            }
        } catch (IOException | RuntimeException e) {
            tunnel.close();
            throw e;
        }
        return tunnel;
    }

    /** The port peers connect to (useful when started on port 0). */
    public int port() {
        return server.getLocalPort();
    }

    private interface Handler {
        void handle(Socket socket) throws IOException;
    }

    private void loop(ServerSocket listener, Handler handler) {
        threads.execute(() -> {
            while (!closed) {
                Socket s;
                try {
                    s = listener.accept();
                } catch (IOException e) {
                    if (!closed) {
                        LOG.warn("cluster tunnel stopped accepting on {}: {}", listener.getLocalSocketAddress(),
                                e.toString());
                    }
                    return;
                }
                open.add(s);
                threads.execute(() -> {
                    try {
                        handler.handle(s);
                    } catch (TunnelAuth.Refused e) {
                        refused(s, e.getMessage());
                        closeQuietly(s);
                    } catch (IOException | RuntimeException e) {
                        LOG.debug("cluster tunnel connection ended: {}", e.toString());
                        closeQuietly(s);
                    }
                });
            }
        });
    }

    /** A peer connecting to this node: it proves the secret, then talks to the local Hazelcast. */
    private void serve(Socket accepted) throws IOException {
        InetAddress from = accepted.getInetAddress();
        AtomicInteger mine = pendingByAddress.computeIfAbsent(from, a -> new AtomicInteger());
        if (mine.incrementAndGet() > MAX_PENDING_PER_ADDRESS || !pending.tryAcquire()) {
            release(from, mine);
            closeQuietly(accepted);
            return;
        }
        SSLSocket peer = (SSLSocket) accepted;
        try {
            peer.setSoTimeout(HANDSHAKE_MILLIS);
            try {
                peer.startHandshake();
            } catch (IOException e) {
                throw new TunnelAuth.Refused("no TLS handshake (" + e.getClass().getSimpleName() + ")");
            }
            auth.asServer(peer, tls.fingerprint());
            peer.setSoTimeout(0);
        } finally {
            pending.release();
            release(from, mine);
        }
        Socket hazelcast = new Socket();
        open.add(hazelcast);
        hazelcast.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), hazelcastPort.getAsInt()),
                HANDSHAKE_MILLIS);
        splice(peer, hazelcast);
    }

    private void release(InetAddress from, AtomicInteger count) {
        if (count.decrementAndGet() <= 0) {
            pendingByAddress.remove(from, count);
        }
    }

    /** The local Hazelcast connecting to another member's loopback address: tunnel it to that member. */
    private void forward(Socket local, InetSocketAddress remote) throws IOException {
        SSLSocket peer = (SSLSocket) tls.context().getSocketFactory().createSocket();
        open.add(peer);
        try {
            peer.setEnabledProtocols(new String[]{"TLSv1.3"});
            peer.connect(remote, HANDSHAKE_MILLIS);
            peer.setSoTimeout(HANDSHAKE_MILLIS);
            peer.startHandshake();
            auth.asClient(peer, tls.fingerprint());
            peer.setSoTimeout(0);
        } catch (IOException e) {
            closeQuietly(peer);
            throw e;
        }
        splice(local, peer);
    }

    private void splice(Socket a, Socket b) throws IOException {
        a.setTcpNoDelay(true);
        b.setTcpNoDelay(true);
        a.setKeepAlive(true);
        b.setKeepAlive(true);
        threads.execute(() -> copy(a, b));
        copy(b, a);
    }

    private void copy(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // the other direction or close() ended it; both sockets go below
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    /** Warns about refused peers at most every 10 s, so a flood cannot fill the log; never logs the secret. */
    private void refused(Socket s, String why) {
        long now = System.nanoTime();
        long last = lastWarning.get();
        int suppressed = refusedSinceWarning.incrementAndGet() - 1;
        if ((last == 0 || now - last > 10_000_000_000L) && lastWarning.compareAndSet(last, now)) {
            refusedSinceWarning.set(0);
            LOG.warn("cluster tunnel refused {}: {}{}", s.getRemoteSocketAddress(), why,
                    suppressed > 0 ? " (and " + suppressed + " other refusals)" : "");
        }
    }

    private void closeQuietly(Socket s) {
        open.remove(s);
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
        for (ServerSocket e : endpoints) {
            try {
                e.close();
            } catch (IOException ex) {
                // already closed
            }
        }
        for (Socket s : List.copyOf(open)) {
            closeQuietly(s);
        }
        threads.shutdownNow();
    }
}
