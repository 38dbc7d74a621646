package io.rollcall.collector.cluster;

import com.hazelcast.config.AdvancedNetworkConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MapStoreConfig;
import com.hazelcast.config.ServerSocketEndpointConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.map.IMap;
import io.rollcall.collector.cluster.tunnel.ClusterTunnel;
import io.rollcall.collector.db.Database;
import io.rollcall.collector.devices.DeviceMapStore;
import io.rollcall.collector.devices.DeviceRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Builds the embedded Hazelcast member. Feature code sees only the maps named here, never the config.
 * <p>
 * Hazelcast open source has no member authentication, encryption or join filter (the TCP-IP member list only says
 * whom to contact; any host with the cluster name is admitted), so no Hazelcast socket is ever on a network address:
 * <ul>
 * <li>every member listens on 127.0.0.1 only ({@code hazelcast.socket.bind.any=false}, interface 127.0.0.1), through
 * the advanced network config with a MEMBER endpoint alone, so the client protocol is refused;</li>
 * <li>a cluster of one joins nothing and has a random cluster name per start, so nothing can merge with it;</li>
 * <li>members of a larger cluster reach each other through {@link ClusterTunnel} (TLS, then proof of
 * {@code cluster.secret}); member {@code i} is {@code 127.0.0.1:loopbackPort+i} to Hazelcast everywhere;</li>
 * <li>Java deserialisation creates only the classes in {@link ClusterSerialFilter}.</li>
 * </ul>
 */
public final class ClusterFactory {
    /** Current device identity and headline state, backed by the {@code devices} table. */
    public static final String DEVICES = "devices";
    private static final String LOOPBACK = "127.0.0.1";

    private ClusterFactory() {
    }

    public static HazelcastInstance start(String clusterName, List<String> members, int port, Database db) {
        return start(clusterName, members, port, ClusterOptions.defaults(), db);
    }

    /**
     * @param clusterName a label; the Hazelcast cluster name adds a random part (one node) or a tag derived from the
     *                    secret (several), so collectors that happen to share a label never merge
     * @param members     every member's tunnel address ({@code host:port}), this node included, in the same order on
     *                    every node; empty for a cluster of one
     * @param port        this node's tunnel port ({@code cluster.port}); unused by a cluster of one
     */
    public static HazelcastInstance start(String clusterName, List<String> members, int port, ClusterOptions options,
                                          Database db) {
        return startMember(clusterName, members, port, options, config -> config.addMapConfig(new MapConfig(DEVICES)
                .setBackupCount(1)
                .setMapStoreConfig(new MapStoreConfig()
                        .setEnabled(true)
                        .setImplementation(new DeviceMapStore(db))
                        .setWriteDelaySeconds(0)
                        .setInitialLoadMode(MapStoreConfig.InitialLoadMode.LAZY))));
    }

    /** A member with the given map configs: the collector's, or a test's without a database. */
    static HazelcastInstance startMember(String clusterName, List<String> members, int port, ClusterOptions options,
                                         Consumer<Config> maps) {
        if (members.isEmpty()) {
            Config config = baseConfig(clusterName + "-solo-" + UUID.randomUUID(), 0, null, List.of());
            maps.accept(config);
            return Hazelcast.newHazelcastInstance(config);
        }
        String secret = options.secret();
        if (secret == null || secret.length() < ClusterOptions.MIN_SECRET) {
            throw new IllegalArgumentException("cluster.members is set, so cluster.secret must be set to the same "
                    + "random value of at least " + ClusterOptions.MIN_SECRET + " characters on every member (it has "
                    + (secret == null ? "none" : secret.length() + " characters") + "); e.g. openssl rand -hex 32");
        }
        MemberList list = MemberList.parse(members, port, options.bind());
        List<String> loopbackMembers = new ArrayList<>();
        Map<InetSocketAddress, InetSocketAddress> routes = new LinkedHashMap<>();
        for (int i = 0; i < list.tunnels().size(); i++) {
            int vport = options.loopbackPort() + i;
            if (vport > 65535) {
                throw new IllegalArgumentException("cluster.loopback.port + number of members must stay below 65536");
            }
            loopbackMembers.add(LOOPBACK + ":" + vport);
            if (i != list.self()) {
                routes.put(new InetSocketAddress(LOOPBACK, vport), list.tunnels().get(i));
            }
        }
        InetSocketAddress listen = options.bind() == null ? list.own()
                : new InetSocketAddress(options.bind(), list.own().getPort());
        AtomicInteger hazelcastPort = new AtomicInteger();
        ClusterTunnel tunnel;
        try {
            tunnel = ClusterTunnel.start(secret, listen, hazelcastPort::get, routes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the cluster tunnel on " + listen + " or its loopback ports "
                    + routes.keySet() + ": " + e.getMessage(), e);
        }
        String publicAddress = loopbackMembers.get(list.self());
        String name = clusterName + "-" + tag(secret);
        for (int attempt = 1; ; attempt++) {
            hazelcastPort.set(freeLoopbackPort());
            Config config = baseConfig(name, hazelcastPort.get(), publicAddress, loopbackMembers);
            maps.accept(config);
            try {
                HazelcastInstance hz = Hazelcast.newHazelcastInstance(config);
                hz.getLifecycleService().addLifecycleListener(event -> {
                    if (event.getState() == LifecycleEvent.LifecycleState.SHUTDOWN) {
                        tunnel.close();
                    }
                });
                return hz;
            } catch (RuntimeException e) {
                // another process took the port between our check and Hazelcast's bind: pick again
                if (attempt < 3 && portTaken(e)) {
                    continue;
                }
                tunnel.close();
                throw e;
            }
        }
    }

    private static Config baseConfig(String name, int port, String publicAddress, List<String> members) {
        Config config = new Config();
        config.setClusterName(name);
        config.setInstanceName(name + "-" + UUID.randomUUID());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.getJetConfig().setEnabled(false);
        config.getSerializationConfig().setJavaSerializationFilterConfig(ClusterSerialFilter.config());
        config.getSerializationConfig().getCompactSerializationConfig().addSerializer(new DeviceRecordSerializer());
        AdvancedNetworkConfig network = config.getAdvancedNetworkConfig().setEnabled(true);
        ServerSocketEndpointConfig member = new ServerSocketEndpointConfig();
        member.setPort(port).setPortAutoIncrement(false);
        member.getInterfaces().setEnabled(true).addInterface(LOOPBACK);
        if (publicAddress != null) {
            member.setPublicAddress(publicAddress);
        }
        network.setMemberEndpointConfig(member);
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(!members.isEmpty()).setMembers(members);
        return config;
    }

    /** A tag from the secret in the Hazelcast cluster name: without the secret a local process cannot name it. */
    private static String tag(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] t = mac.doFinal("rollcall cluster name".getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(t, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static int freeLoopbackPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + LOOPBACK, e);
        }
    }

    /** Hazelcast 5.7 reports a taken port as a HazelcastException caused by a BindException. */
    private static boolean portTaken(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
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
