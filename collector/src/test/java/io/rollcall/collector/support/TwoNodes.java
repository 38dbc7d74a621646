package io.rollcall.collector.support;

import io.rollcall.collector.CollectorConfig;
import io.rollcall.collector.db.Database;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Two collectors in one Hazelcast cluster over one database (node two uses node one's H2 file), on one
 * clock: how the tests show that cluster-wide guarantees (one reminder, one sweep, shared limits) hold.
 */
public record TwoNodes(TestCollector one, TestCollector two) implements AutoCloseable {

    /** Starts both nodes; {@code tweak} is applied to each node's configuration after the cluster settings. */
    public static TwoNodes start(Path dirOne, Path dirTwo, String clusterPrefix, Clock clock,
                                 UnaryOperator<CollectorConfig> tweak) throws Exception {
        int p1 = freePort();
        int p2 = freePort();
        List<String> members = List.of("127.0.0.1:" + p1, "127.0.0.1:" + p2);
        String cluster = clusterPrefix + UUID.randomUUID();
        TestCollector one = TestCollector.inCluster(dirOne, cluster)
                .start(0, c -> tweak.apply(c.withCluster(members, p1)), clock);
        try {
            TestCollector two = TestCollector.inCluster(dirTwo, cluster)
                    .start(0, c -> tweak.apply(c.withCluster(members, p2).withJdbcUrl(Database.embeddedUrl(dirOne))), clock);
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

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
