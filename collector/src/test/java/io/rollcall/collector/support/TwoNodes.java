package io.rollcall.collector.support;

import io.rollcall.collector.CollectorConfig;
import io.rollcall.collector.cluster.ClusterOptions;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Two collectors in one Hazelcast cluster over one database (node two uses node one's, H2 or PostgreSQL), on one
 * clock: how the tests show that cluster-wide guarantees (one reminder, one sweep, shared limits) hold.
 */
public record TwoNodes(TestCollector one, TestCollector two) implements AutoCloseable {

    /** Starts both nodes; {@code tweak} is applied to each node's configuration after the cluster settings. */
    public static TwoNodes start(Path dirOne, Path dirTwo, String clusterPrefix, Clock clock,
                                 UnaryOperator<CollectorConfig> tweak) throws Exception {
        int[] ports = twoFreePorts();
        int p1 = ports[0];
        int p2 = ports[1];
        List<String> members = List.of("127.0.0.1:" + p1, "127.0.0.1:" + p2);
        String cluster = clusterPrefix + UUID.randomUUID();
        // members reach each other through the authenticated cluster tunnel: a secret and two free loopback ports
        ClusterOptions secured = ClusterOptions.defaults().withSecret(TestCollector.randomToken("cluster-"))
                .withLoopbackPort(freePortPair());
        TestCollector one = TestCollector.inCluster(dirOne, cluster)
                .start(0, c -> tweak.apply(c.withCluster(members, p1).withClusterOptions(secured)), clock);
        try {
            TestCollector two = TestCollector.inCluster(dirTwo, cluster)
                    .start(0, c -> tweak.apply(TestStore.current().useDatabaseOf(c.withCluster(members, p2)
                            .withClusterOptions(secured), dirOne)), clock);
            return new TwoNodes(one, two);
        } catch (Exception | Error e) {
            one.close();
            throw e;
        }
    }

    @Override
    public void close() {
        two.close();
        one.close();
    }

    /** A port p with p and p + 1 free on loopback. */
    public static int freePortPair() throws Exception {
        for (int i = 0; i < 50; i++) {
            int p = freePort();
            if (p < 65535) {
                try (ServerSocket a = new ServerSocket(p, 1, java.net.InetAddress.getLoopbackAddress());
                     ServerSocket b = new ServerSocket(p + 1, 1, java.net.InetAddress.getLoopbackAddress())) {
                    return p;
                } catch (java.io.IOException e) {
                    // taken: try another
                }
            }
        }
        throw new IllegalStateException("no two consecutive free ports on loopback");
    }

    /**
     * Two different free ports: both sockets are held open while the second is chosen, since the system may hand
     * out the port it just freed again (CI once saw both members given 34059).
     */
    private static int[] twoFreePorts() throws Exception {
        try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
            return new int[] {a.getLocalPort(), b.getLocalPort()};
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
