package io.rollcall.collector.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.rollcall.collector.support.TestCollector;
import io.rollcall.common.enroll.EnrollResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A collector cluster member on a real non-loopback address, attacked from another host: a network namespace this
 * test makes (veth pair on a random 10.231.x.0/30), where {@link RogueMain} runs as a separate JVM. Needs root and
 * {@code ip}; without them the test fails, it never skips. The namespace is removed afterwards even on failure.
 */
class NetnsClusterTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String SECRET = TestCollector.randomToken("cluster-");
    private static final List<String> CLEANUP = new ArrayList<>();
    @TempDir
    static Path dir;
    private static String namespace;
    private static String hostIp;
    private static String nsIp;
    private static int tunnelPort;
    private static int peerPort;
    private static int loopback;
    private static TestCollector collector;
    private static List<Ports.Listener> opened;
    private static String key;

    @BeforeAll
    static void setUp() throws Exception {
        String id = HexFormat.of().formatHex(new byte[]{(byte) RANDOM.nextInt(), (byte) RANDOM.nextInt()});
        namespace = "rc-ns-" + id;
        String hostIf = "rch" + id;
        int octet = 16 + RANDOM.nextInt(224);
        hostIp = "10.231." + octet + ".1";
        nsIp = "10.231." + octet + ".2";
        CLEANUP.add("ip netns del " + namespace);
        CLEANUP.add("ip link del " + hostIf);
        ip("netns", "add", namespace);
        ip("link", "add", hostIf, "type", "veth", "peer", "name", "rcn" + id);
        ip("link", "set", "rcn" + id, "netns", namespace);
        ip("addr", "add", hostIp + "/30", "dev", hostIf);
        ip("link", "set", hostIf, "up");
        ip("netns", "exec", namespace, "ip", "addr", "add", nsIp + "/30", "dev", "rcn" + id);
        ip("netns", "exec", namespace, "ip", "link", "set", "rcn" + id, "up");
        ip("netns", "exec", namespace, "ip", "link", "set", "lo", "up");

        tunnelPort = Ports.free();
        peerPort = Ports.free();
        loopback = Ports.freePair();
        List<Ports.Listener> before = Ports.listening();
        List<String> members = List.of(hostIp + ":" + tunnelPort, nsIp + ":" + peerPort);
        ClusterOptions options = ClusterOptions.defaults().withSecret(SECRET).withLoopbackPort(loopback);
        collector = TestCollector.inCluster(dir, "rollcall")
                .start(Ports.free(), c -> c.withCluster(members, tunnelPort).withClusterOptions(options),
                        Clock.systemUTC());
        opened = new ArrayList<>(Ports.listening());
        opened.removeAll(before);
        EnrollResponse device = collector.enroll(UUID.randomUUID().toString());
        key = device.deviceId().toString();
    }

    @AfterAll
    static void tearDown() throws Exception {
        try {
            if (collector != null) {
                collector.close();
            }
        } finally {
            for (String command : CLEANUP) {
                new ProcessBuilder(command.split(" ")).redirectErrorStream(true).start().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void theOnlyListenerReachableOnTheNetworkAddressIsTheAuthenticatedTunnel() {
        List<Ports.Listener> reachable = opened.stream()
                .filter(l -> l.host().equals(hostIp) || !l.loopback()).toList();
        assertEquals(List.of(new Ports.Listener(hostIp, tunnelPort)), reachable, "all new listeners: " + opened);
    }

    @Test
    void aRogueHazelcastMemberOnAnotherHostIsRefusedEvenWithTheExactClusterName() throws Exception {
        Map<String, String> r = rogue("member", clusterName(), key, hostIp + ":" + tunnelPort, hostIp + ":5701",
                hostIp + ":" + loopback, hostIp + ":" + (loopback + 1));
        // every connection it makes is dropped before Hazelcast sees a byte, so it never finishes joining
        assertEquals("failed", r.get("start"), r.toString());
        assertEquals(1, collector.collector().hazelcast().getCluster().getMembers().size());
        assertNotNull(ClusterFactory.devices(collector.collector().hazelcast()).get(key).secretHash());
    }

    @Test
    void aRogueHazelcastClientOnAnotherHostIsRefused() throws Exception {
        Map<String, String> r = rogue("client", clusterName(), key, hostIp + ":" + tunnelPort, hostIp + ":5701",
                hostIp + ":" + loopback);
        assertEquals("refused", r.get("client"), r.toString());
    }

    @Test
    void aMemberOnAnotherHostWithTheWrongSecretIsRefusedAndWithTheRightOneJoins() throws Exception {
        String memberList = hostIp + ":" + tunnelPort + "," + nsIp + ":" + peerPort;
        Map<String, String> wrong = rogue("tunnel", "rollcall", key, SECRET.replace('a', 'b').replace('1', '2')
                + "-wrong", String.valueOf(loopback), String.valueOf(peerPort), memberList);
        assertEquals("1", wrong.get("members"), wrong.toString());
        // a lite member alone: no member holds data, so there is nothing it could read
        assertEquals("error:NoDataMemberInClusterException", wrong.get("value"), wrong.toString());
        // control: the same program in the same place with the right secret is admitted and reads the device
        Map<String, String> right = rogue("tunnel", "rollcall", key, SECRET, String.valueOf(loopback),
                String.valueOf(peerPort), memberList);
        assertEquals("2", right.get("members"), right.toString());
        assertEquals("device:hash", right.get("value"), right.toString());
    }

    private static String clusterName() {
        return collector.collector().hazelcast().getConfig().getClusterName();
    }

    /** Runs {@link RogueMain} in the namespace as its own JVM and returns its {@code RESULT} lines. */
    private static Map<String, String> rogue(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace,
                ProcessHandle.current().info().command().orElse("java"), "-Djava.net.preferIPv4Stack=true",
                "-cp", System.getProperty("java.class.path"), RogueMain.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out;
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the intruder process did not finish in 120 s");
            }
            out = p.getInputStream().readAllBytes();
        } finally {
            p.destroyForcibly();
        }
        String text = new String(out, StandardCharsets.UTF_8);
        Map<String, String> results = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("RESULT ")) {
                String kv = line.substring(7).trim();
                results.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            }
        }
        if (results.isEmpty()) {
            throw new IllegalStateException("the intruder process printed no result (exit " + p.exitValue() + "): "
                    + text.substring(Math.max(0, text.length() - 3000)));
        }
        return results;
    }

    private static void ip(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (this test needs root and iproute2): "
                    + out);
        }
    }
}
