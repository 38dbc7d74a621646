package io.rollcall.collector.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MapStoreConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.rollcall.collector.db.Database;
import io.rollcall.collector.devices.DeviceMapStore;
import io.rollcall.collector.devices.DeviceRecord;
import java.util.List;

/**
 * Builds the embedded Hazelcast member. Every collector is a member; a lone collector is a cluster
 * of one that joins over TCP-IP on loopback with multicast off. Feature code sees only the maps
 * named here, never the config.
 */
public final class ClusterFactory {
    /** Current device identity and headline state, backed by the {@code devices} table. */
    public static final String DEVICES = "devices";

    private ClusterFactory() {
    }

    /**
     * @param clusterName members with the same name on the listed addresses form one cluster
     * @param members     addresses of other members, e.g. {@code 10.0.0.5:5701}; empty for a cluster of one on loopback
     * @param port        first port to try; Hazelcast takes the next free one if it is in use
     */
    public static HazelcastInstance start(String clusterName, List<String> members, int port, Database db) {
        Config config = new Config();
        config.setClusterName(clusterName);
        config.setInstanceName(clusterName + "-" + java.util.UUID.randomUUID());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.getNetworkConfig().setPort(port).setPortAutoIncrement(true);
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        if (members.isEmpty()) {
            config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
            config.setProperty("hazelcast.local.localAddress", "127.0.0.1");
            join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1");
        } else {
            join.getTcpIpConfig().setEnabled(true).setMembers(members);
        }
        config.addMapConfig(new MapConfig(DEVICES)
                .setBackupCount(1)
                .setMapStoreConfig(new MapStoreConfig()
                        .setEnabled(true)
                        .setImplementation(new DeviceMapStore(db))
                        .setWriteDelaySeconds(0)
                        .setInitialLoadMode(MapStoreConfig.InitialLoadMode.LAZY)));
        return Hazelcast.newHazelcastInstance(config);
    }

    /** Overdue-reminder claims, {@code loanId/period → node}: the once-only guarantee across nodes (entries expire). */
    public static final String LOAN_REMINDER_CLAIMS = "loan-reminder-claims";

    public static IMap<String, String> loanReminderClaims(HazelcastInstance hz) {
        return hz.getMap(LOAN_REMINDER_CLAIMS);
    }

    public static IMap<String, DeviceRecord> devices(HazelcastInstance hz) {
        return hz.getMap(DEVICES);
    }

    /** Settings version tokens (catalogue, policy, approved media); see {@link SettingsVersions}. */
    public static final String SETTINGS_VERSIONS = "settings-versions";

    /** Locks (no values) serialising re-evaluations of one software title across the cluster. */
    public static final String TITLE_LOCKS = "software-title-locks";

    public static IMap<String, String> titleLocks(HazelcastInstance hz) {
        return hz.getMap(TITLE_LOCKS);
    }

    public static SettingsVersions settingsVersions(HazelcastInstance hz) {
        return new SettingsVersions(hz.getMap(SETTINGS_VERSIONS));
    }
}
