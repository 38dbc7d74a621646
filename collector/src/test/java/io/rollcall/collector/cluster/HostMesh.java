package io.rollcall.collector.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Three "hosts" on this machine, each with its own loopback: host 1 is this network namespace, hosts 2 and 3 are
 * network namespaces made here, joined pairwise by veth links with on-link /32 routes (no bridge, no forwarding, no
 * host setting changed). Each host has one address, {@code 10.231.x.11..13}, reachable from the other two.
 * <p>
 * Why not three collectors on one loopback: every member listens on the other members' {@code cluster.loopback.port}
 * slots (its tunnel endpoints to them), so with three members on one loopback two of them want the same port.
 * Needs root and {@code ip} (like {@code NetnsClusterTest}); fails, never skips, without them. {@link #close} removes
 * what it made, and a shutdown hook does if the JVM ends first.
 */
final class HostMesh implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final String id = HexFormat.of().formatHex(new byte[]{(byte) RANDOM.nextInt(), (byte) RANDOM.nextInt()});
    private final List<String> addresses;
    private final String subnet;
    private final List<String> cleanup = new ArrayList<>();
    private final Thread hook = new Thread(this::close, "host-mesh-cleanup");

    private HostMesh() {
        int octet = 16 + RANDOM.nextInt(224);
        addresses = List.of("10.231." + octet + ".11", "10.231." + octet + ".12", "10.231." + octet + ".13");
        subnet = "10.231." + octet + ".0/24";
    }

    static HostMesh create() throws IOException, InterruptedException {
        HostMesh m = new HostMesh();
        Runtime.getRuntime().addShutdownHook(m.hook);
        try {
            m.build();
            return m;
        } catch (IOException | InterruptedException | RuntimeException e) {
            m.close();
            throw e;
        }
    }

    /** Host {@code i}'s (0, 1, 2) address. */
    String address(int i) {
        return addresses.get(i);
    }

    /** The /24 holding the three addresses and nothing else on this machine: what a server here may admit. */
    String subnet() {
        return subnet;
    }

    /** The command prefix that runs a program on host {@code i}: nothing for host 1, {@code ip netns exec} else. */
    List<String> prefix(int i) {
        return i == 0 ? List.of() : List.of("ip", "netns", "exec", namespace(i));
    }

    private String namespace(int i) {
        return "rc3-" + id + "-" + (i + 1);
    }

    private void build() throws IOException, InterruptedException {
        String h1 = addresses.get(0);
        String h2 = addresses.get(1);
        String h3 = addresses.get(2);
        for (int i = 1; i <= 2; i++) {
            cleanup.add("ip netns del " + namespace(i));
            ip("netns", "add", namespace(i));
            ns(i, "ip", "link", "set", "lo", "up");
        }
        cleanup.add("ip link del rc3a" + id);
        cleanup.add("ip link del rc3b" + id);
        // host 1 ↔ host 2, host 1 ↔ host 3, host 2 ↔ host 3
        link("rc3a" + id, -1, "rc3A" + id, 1);
        link("rc3b" + id, -1, "rc3B" + id, 2);
        link("rc3c" + id, 1, "rc3C" + id, 2);
        ip("addr", "add", h1 + "/32", "dev", "rc3a" + id);
        ip("route", "add", h2 + "/32", "dev", "rc3a" + id, "src", h1);
        ip("route", "add", h3 + "/32", "dev", "rc3b" + id, "src", h1);
        ns(1, "ip", "addr", "add", h2 + "/32", "dev", "rc3A" + id);
        ns(1, "ip", "route", "add", h1 + "/32", "dev", "rc3A" + id, "src", h2);
        ns(1, "ip", "route", "add", h3 + "/32", "dev", "rc3c" + id, "src", h2);
        ns(2, "ip", "addr", "add", h3 + "/32", "dev", "rc3B" + id);
        ns(2, "ip", "route", "add", h1 + "/32", "dev", "rc3B" + id, "src", h3);
        ns(2, "ip", "route", "add", h2 + "/32", "dev", "rc3C" + id, "src", h3);
    }

    /** A veth pair {@code a} (in host {@code ha}'s namespace; -1 = this one) ↔ {@code b} (in host {@code hb}'s), up. */
    private void link(String a, int ha, String b, int hb) throws IOException, InterruptedException {
        ip("link", "add", a, "type", "veth", "peer", "name", b);
        if (ha > 0) {
            ip("link", "set", a, "netns", namespace(ha));
        }
        ip("link", "set", b, "netns", namespace(hb));
        if (ha > 0) {
            ns(ha, "ip", "link", "set", a, "up");
        } else {
            ip("link", "set", a, "up");
        }
        ns(hb, "ip", "link", "set", b, "up");
    }

    private void ns(int i, String... cmd) throws IOException, InterruptedException {
        List<String> c = new ArrayList<>(prefix(i));
        c.addAll(List.of(cmd));
        run(c);
    }

    private static void ip(String... args) throws IOException, InterruptedException {
        List<String> c = new ArrayList<>(List.of("ip"));
        c.addAll(List.of(args));
        run(c);
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (this test needs root and "
                    + "iproute2): " + out.trim());
        }
    }

    @Override
    public synchronized void close() {
        for (String c : cleanup) {
            try {
                Process p = new ProcessBuilder(c.split(" ")).redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                p.waitFor(30, TimeUnit.SECONDS);
            } catch (IOException e) {
                // best effort: what is already gone needs no removal
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        cleanup.clear();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: this is the hook
        }
    }
}
