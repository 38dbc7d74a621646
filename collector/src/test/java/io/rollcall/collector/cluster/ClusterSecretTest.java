package io.rollcall.collector.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import io.rollcall.collector.CollectorConfig;
import io.rollcall.collector.support.TestCollector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A two-member cluster on loopback, members linked by the cluster tunnel: a member holding the wrong secret, placed
 * exactly where the second member belongs, is cut off and reads nothing; the real second member, with the right
 * secret, joins and reads (so the refusal is the secret's doing). A multi-node config without a long secret never
 * starts.
 */
class ClusterSecretTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef-right";
    private static final String WRONG = "0123456789abcdef0123456789abcdef-wrong";

    @Test
    void aMemberWithTheWrongSecretCannotJoinOrReadButTheRightSecretCan() throws Exception {
        int t0 = Ports.free();
        int t1 = Ports.free();
        int loopback = Ports.freePair();
        List<String> members = List.of("127.0.0.1:" + t0, "127.0.0.1:" + t1);
        ClusterOptions right = ClusterOptions.defaults().withSecret(SECRET).withLoopbackPort(loopback);
        HazelcastInstance one = ClusterFactory.startMember("secret-test", members, t0, right, c -> { });
        try {
            one.getMap("console-sessions").put("session-hash", "admin");
            HazelcastInstance rogue = ClusterFactory.startMember("secret-test", members, t1,
                    right.withSecret(WRONG), c -> { });
            try {
                assertEquals(1, rogue.getCluster().getMembers().size());
                assertEquals(1, one.getCluster().getMembers().size());
                assertNull(rogue.getMap("console-sessions").get("session-hash"));
                rogue.getMap("console-sessions").put("session-hash", "attacker");
                assertEquals("admin", one.getMap("console-sessions").get("session-hash"));
            } finally {
                rogue.shutdown();
            }
            HazelcastInstance two = ClusterFactory.startMember("secret-test", members, t1, right, c -> { });
            try {
                assertEquals(2, two.getCluster().getMembers().size());
                assertEquals("admin", two.getMap("console-sessions").get("session-hash"));
            } finally {
                two.shutdown();
            }
        } finally {
            one.shutdown();
        }
    }

    @Test
    void aHazelcastClientOnTheTunnelPortIsRefused() throws Exception {
        int t0 = Ports.free();
        List<String> members = List.of("127.0.0.1:" + t0, "127.0.0.1:" + Ports.free());
        HazelcastInstance one = ClusterFactory.startMember("secret-test", members, t0,
                ClusterOptions.defaults().withSecret(SECRET).withLoopbackPort(Ports.freePair()), c -> { });
        try {
            ClientConfig cc = new ClientConfig().setClusterName(one.getConfig().getClusterName());
            cc.getNetworkConfig().addAddress("127.0.0.1:" + t0).setConnectionTimeout(2_000);
            cc.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(3_000);
            assertThrows(IllegalStateException.class, () -> HazelcastClient.newHazelcastClient(cc));
        } finally {
            one.shutdown();
        }
    }

    @Test
    void aMultiNodeConfigWithoutASecretOfAtLeast32CharactersDoesNotStart() throws Exception {
        List<String> members = List.of("127.0.0.1:" + Ports.free(), "127.0.0.1:" + Ports.free());
        int port = Integer.parseInt(members.get(0).substring(members.get(0).indexOf(':') + 1));
        String short31 = "s".repeat(31);
        for (String secret : new String[]{null, short31}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClusterFactory.startMember(
                    "secret-test", members, port, ClusterOptions.defaults().withSecret(secret), c -> { }));
            assertTrue(e.getMessage().contains("cluster.secret") && e.getMessage().contains("32"), e.getMessage());
            assertFalse(e.getMessage().contains(short31), "the message must not show the secret");
        }
    }

    @Test
    void aCollectorWithMembersButNoSecretRefusesToStartAndSaysWhy(@TempDir Path dir) throws Exception {
        int port = Ports.free();
        List<String> members = List.of("127.0.0.1:" + port, "127.0.0.1:" + Ports.free());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TestCollector.inCluster(dir, "rollcall").start(0, c -> c.withCluster(members, port),
                        java.time.Clock.systemUTC()));
        assertTrue(e.getMessage().startsWith("cluster.members is set, so cluster.secret must be set"), e.getMessage());
        assertThrows(java.net.ConnectException.class, () -> new java.net.Socket("127.0.0.1", port).close(),
                "nothing is left listening on the tunnel port");
    }

    @Test
    void theConfigFileSetsTheClusterKeysAndNeverPrintsTheSecret(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("collector.properties");
        Files.writeString(file, "cluster.members=10.0.0.5:5701,10.0.0.6:5701\ncluster.secret=" + SECRET
                + "\ncluster.bind=10.0.0.5\ncluster.loopback.port=6801\n");
        CollectorConfig cfg = CollectorConfig.defaults().withFile(file);
        assertEquals(List.of("10.0.0.5:5701", "10.0.0.6:5701"), cfg.members());
        assertEquals(new ClusterOptions("10.0.0.5", 6801, SECRET), cfg.clusterOptions());
        assertFalse(cfg.toString().contains(SECRET), cfg.toString());
    }

    @Test
    void thisNodeMustBeInTheMemberListExactlyOnce() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MemberList.parse(
                List.of("192.0.2.10:5701", "192.0.2.11:5701"), 5701, null));
        assertTrue(e.getMessage().contains("must list this node exactly once"), e.getMessage());
        assertEquals(1, MemberList.parse(List.of("192.0.2.10:5701", "127.0.0.1:5701"), 5701, null).self());
    }
}
