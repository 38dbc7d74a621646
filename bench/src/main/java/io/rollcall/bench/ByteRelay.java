package io.rollcall.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay on loopback that counts the bytes it passes each way, so a benchmark can measure what an agent sends
 * on the wire (TLS records, handshakes and HTTP framing included) without looking inside the encryption. Every
 * accepted connection gets a connection to the target and two copying threads; a byte is counted once it has been
 * written to the other side, and before an end of stream is passed on, so by the time either peer sees the other
 * close, the counts for that direction are final.
 *
 * <p>Only loopback: it listens on 127.0.0.1 and refuses a target that is not a loopback address.
 *
 * <pre>java -cp bench/target/rollcall-loadgen.jar io.rollcall.bench.ByteRelay --target PORT [--listen PORT] --stats FILE</pre>
 *
 * With {@code --stats FILE} it rewrites FILE (atomically) every 200 ms and when a connection ends, as
 * {@code key=value} lines: {@code port}, {@code connections}, {@code open}, {@code up} (client → target bytes),
 * {@code down} (target → client bytes).
 */
public final class ByteRelay implements AutoCloseable {
    private static final int BUFFER = 16 * 1024;

    /** Totals since the relay started; {@code open} is how many connections are still being relayed. */
    public record Counts(long connections, long open, long up, long down) {
        String format(int port) {
            return "port=" + port + "\nconnections=" + connections + "\nopen=" + open + "\nup=" + up + "\ndown=" + down
                    + "\n";
        }
    }

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong open = new AtomicLong();
    private final AtomicLong up = new AtomicLong();
    private final AtomicLong down = new AtomicLong();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Runnable onConnectionEnd;
    private volatile boolean closed;

    private ByteRelay(ServerSocket server, InetSocketAddress target, Runnable onConnectionEnd) {
        this.server = server;
        this.target = target;
        this.onConnectionEnd = onConnectionEnd;
    }

    /**
     * Listens on 127.0.0.1:{@code listenPort} (0 for any free port) and relays every connection to {@code target}.
     *
     * @throws IllegalArgumentException when {@code target} is not a loopback address
     */
    public static ByteRelay start(int listenPort, InetSocketAddress target) throws IOException {
        return start(listenPort, target, () -> { });
    }

    static ByteRelay start(int listenPort, InetSocketAddress target, Runnable onConnectionEnd) throws IOException {
        if (target.isUnresolved() || !target.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("target was " + target + ", must be a loopback address");
        }
        if (listenPort < 0 || listenPort > 65_535) {
            throw new IllegalArgumentException("listen port was " + listenPort + ", must be 0-65535");
        }
        ServerSocket server = new ServerSocket(listenPort, 50, InetAddress.getLoopbackAddress());
        ByteRelay relay = new ByteRelay(server, target, onConnectionEnd);
        Thread acceptor = new Thread(relay::acceptLoop, "relay-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return relay;
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Where it listens: always a loopback address. */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    public Counts counts() {
        return new Counts(connections.get(), open.get(), up.get(), down.get());
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            connections.incrementAndGet();
            open.incrementAndGet();
            Thread t = new Thread(() -> relay(client), "relay-conn");
            t.setDaemon(true);
            t.start();
        }
    }

    private void relay(Socket client) {
        sockets.add(client);
        Socket upstream = new Socket();
        sockets.add(upstream);
        try {
            upstream.connect(target, 10_000);
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
            Thread toClient = new Thread(() -> pump(upstream, client, down), "relay-down");
            toClient.setDaemon(true);
            toClient.start();
            pump(client, upstream, up);
            toClient.join();
        } catch (IOException e) {
            // the target refused or went away: the client sees its connection close
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(client);
            closeQuietly(upstream);
            sockets.remove(client);
            sockets.remove(upstream);
            open.decrementAndGet();
            onConnectionEnd.run();
        }
    }

    /** Copies until end of stream, counting each chunk after it is written; then half-closes {@code to}. */
    private static void pump(Socket from, Socket to, AtomicLong counter) {
        byte[] buf = new byte[BUFFER];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                out.flush();
                counter.addAndGet(n);
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // a reset on either side ends this direction; the other one ends on its own or when both are closed
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing: nothing left to do
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket s : sockets) {
            closeQuietly(s);
        }
    }

    /** Writes {@code counts} to {@code file} through a temporary file and a rename, so a reader never sees half. */
    static synchronized void writeStats(Path file, Counts counts, int port) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, counts.format(port), StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static void main(String[] args) throws Exception {
        Integer targetPort = null;
        int listen = 0;
        Path stats = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--target" -> targetPort = port("--target", value);
                case "--listen" -> listen = port("--listen", value);
                case "--stats" -> stats = value == null ? usage("--stats needs a file") : Path.of(value);
                default -> usage("unknown option " + args[i]);
            }
            i++;
        }
        if (targetPort == null || stats == null) {
            usage("--target PORT and --stats FILE are required");
        }
        Path statsFile = stats;
        ByteRelay[] self = new ByteRelay[1];
        Runnable write = () -> {
            try {
                writeStats(statsFile, self[0].counts(), self[0].port());
            } catch (IOException e) {
                System.err.println("relay: cannot write " + statsFile + ": " + e.getMessage());
            }
        };
        self[0] = start(listen, new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), () -> {
            if (self[0] != null) {
                write.run();
            }
        });
        write.run();
        Runtime.getRuntime().addShutdownHook(new Thread(write));
        System.out.println("relay 127.0.0.1:" + self[0].port() + " -> 127.0.0.1:" + targetPort);
        while (true) {
            Thread.sleep(200);
            write.run();
        }
    }

    private static int port(String option, String value) {
        try {
            int p = Integer.parseInt(value);
            if (p >= 0 && p <= 65_535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        return usage(option + " was '" + value + "', must be a port number 0-65535");
    }

    private static <T> T usage(String problem) {
        System.err.println("relay: " + problem);
        System.err.println("usage: ByteRelay --target PORT [--listen PORT] --stats FILE");
        System.exit(2);
        return null;
    }
}
