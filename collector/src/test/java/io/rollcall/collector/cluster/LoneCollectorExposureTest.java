package io.rollcall.collector.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.cluster.Address;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.rollcall.collector.support.TestCollector;
import io.rollcall.common.enroll.EnrollResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A collector on its defaults (HTTPS on every interface, cluster of one) as an attacker on the machine or the network
 * would probe it: the only listener on a network address is HTTPS, and neither a Hazelcast member nor a Hazelcast
 * client gets in or reads the device secret hashes, even knowing the exact cluster name.
 */
class LoneCollectorExposureTest {
    @TempDir
    static Path dir;
    private static TestCollector collector;
    private static List<Ports.Listener> opened;
    private static EnrollResponse device;

    @BeforeAll
    static void start() throws Exception {
        List<Ports.Listener> before = Ports.listening();
        // a fixed port as in production: with port 0 each HTTP verticle would take a random port of its own
        collector = TestCollector.inCluster(dir.resolve("a"), "rollcall")
                .start(Ports.free(), c -> c.withBindHost("0.0.0.0"), Clock.systemUTC());
        // measured before any test starts intruders of its own
        opened = new ArrayList<>(Ports.listening());
        opened.removeAll(before);
        device = collector.enroll(UUID.randomUUID().toString());
    }

    @AfterAll
    static void stop() {
        collector.close();
    }

    private static HazelcastInstance hz() {
        return collector.collector().hazelcast();
    }

    @Test
    void aCollectorOnItsDefaultsListensOnNoNetworkAddressButItsHttpsPort() throws Exception {
        List<Ports.Listener> network = opened.stream().filter(l -> !l.loopback()).toList();
        assertEquals(List.of(collector.port()), network.stream().map(Ports.Listener::port).toList(),
                "listeners on a network address: " + network + " (all new: " + opened + ")");
        Address member = hz().getCluster().getLocalMember().getAddress();
        assertTrue(opened.contains(new Ports.Listener("127.0.0.1", member.getPort())),
                "Hazelcast listens on loopback only: " + opened);
    }

    @Test
    void aHazelcastClientIsRefusedEvenWithTheExactClusterName() {
        Address member = hz().getCluster().getLocalMember().getAddress();
        ClientConfig cc = new ClientConfig().setClusterName(hz().getConfig().getClusterName());
        cc.getNetworkConfig().addAddress("127.0.0.1:" + member.getPort());
        cc.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(3_000);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> HazelcastClient.newHazelcastClient(cc));
        assertTrue(e.getMessage().contains("Unable to connect"), e.getMessage());
    }

    @Test
    void aHazelcastMemberWithTheConfiguredClusterNameCannotJoinOrReadDevices() {
        Address member = hz().getCluster().getLocalMember().getAddress();
        Config rogue = new Config().setClusterName("rollcall");
        rogue.setProperty("hazelcast.phone.home.enabled", "false");
        rogue.getNetworkConfig().setPort(0);
        rogue.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
        rogue.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
        rogue.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(true).addMember("127.0.0.1:" + member.getPort());
        HazelcastInstance intruder = Hazelcast.newHazelcastInstance(rogue);
        try {
            assertEquals(1, intruder.getCluster().getMembers().size());
            assertEquals(1, hz().getCluster().getMembers().size());
            assertNotNull(ClusterFactory.devices(hz()).get(device.deviceId().toString()), "the key is real");
            assertNull(intruder.getMap(ClusterFactory.DEVICES).get(device.deviceId().toString()));
        } finally {
            intruder.shutdown();
        }
    }

    @Test
    void twoLoneCollectorsWithTheSameClusterNameOnOneMachineStayApart() throws Exception {
        try (TestCollector second = TestCollector.inCluster(dir.resolve("b"), "rollcall")
                .start(0, c -> c, Clock.systemUTC())) {
            HazelcastInstance other = second.collector().hazelcast();
            assertEquals(1, other.getCluster().getMembers().size());
            assertEquals(1, hz().getCluster().getMembers().size());
            assertNotNull(ClusterFactory.devices(hz()).get(device.deviceId().toString()), "the key is real");
            assertNull(other.getMap(ClusterFactory.DEVICES).get(device.deviceId().toString()));
            assertTrue(!other.getConfig().getClusterName().equals(hz().getConfig().getClusterName()));
        }
    }
}
