package io.rollcall.collector.cluster;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.util.Arrays;
import java.util.List;

/**
 * What an intruder on another host runs, started by {@link NetnsClusterTest} inside a network namespace. Prints
 * {@code RESULT key=value} lines and exits:
 * <ul>
 * <li>{@code member NAME KEY TARGET...}: a plain Hazelcast member with cluster name NAME joining TARGETs;</li>
 * <li>{@code client NAME KEY TARGET...}: a Hazelcast client with cluster name NAME connecting to TARGETs;</li>
 * <li>{@code tunnel LABEL KEY SECRET LOOPBACK PORT MEMBER,MEMBER}: a Rollcall member (lite: owns no data) joining
 * through the cluster tunnel with SECRET.</li>
 * </ul>
 * Each then tries to read KEY from the {@code devices} map.
 */
public final class RogueMain {
    private RogueMain() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String key = args[2];
        switch (mode) {
            case "member" -> member(args[1], key, Arrays.asList(args).subList(3, args.length));
            case "client" -> client(args[1], key, Arrays.asList(args).subList(3, args.length));
            case "tunnel" -> tunnel(args[1], key, args[3], Integer.parseInt(args[4]), Integer.parseInt(args[5]),
                    List.of(args[6].split(",")));
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
        System.exit(0);
    }

    private static void member(String name, String key, List<String> targets) {
        Config c = new Config().setClusterName(name);
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.logging.type", "none");
        // a tunnel that accepts then drops the connection keeps a joiner trying for 300 s by default
        c.setProperty("hazelcast.max.join.seconds", "15");
        c.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
        c.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
        c.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(true).setMembers(targets);
        HazelcastInstance hz;
        try {
            hz = Hazelcast.newHazelcastInstance(c);
        } catch (IllegalStateException e) {
            // still "joining" when max.join.seconds ran out: every connection it made was dropped
            System.out.println("RESULT start=failed");
            return;
        }
        System.out.println("RESULT start=standalone");
        report(hz, key);
        hz.getMap(ClusterFactory.DEVICES).put(key, "overwritten-by-intruder");
        hz.shutdown();
    }

    private static void client(String name, String key, List<String> targets) {
        ClientConfig cc = new ClientConfig().setClusterName(name);
        cc.setProperty("hazelcast.logging.type", "none");
        targets.forEach(cc.getNetworkConfig()::addAddress);
        cc.getNetworkConfig().setConnectionTimeout(3_000);
        cc.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(5_000);
        HazelcastInstance client;
        try {
            client = HazelcastClient.newHazelcastClient(cc);
        } catch (IllegalStateException e) {
            System.out.println("RESULT client=refused");
            return;
        }
        System.out.println("RESULT client=connected");
        System.out.println("RESULT value=" + describe(client.getMap(ClusterFactory.DEVICES).get(key)));
        client.shutdown();
    }

    private static void tunnel(String label, String key, String secret, int loopback, int port, List<String> members)
            throws InterruptedException {
        HazelcastInstance hz = ClusterFactory.startMember(label, members, port,
                ClusterOptions.defaults().withSecret(secret).withLoopbackPort(loopback), c -> c.setLiteMember(true));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (hz.getCluster().getMembers().size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        report(hz, key);
        hz.shutdown();
    }

    private static void report(HazelcastInstance hz, String key) {
        System.out.println("RESULT members=" + hz.getCluster().getMembers().size());
        Object v;
        try {
            v = hz.getMap(ClusterFactory.DEVICES).get(key);
        } catch (RuntimeException e) {
            v = "error:" + e.getClass().getSimpleName();
        }
        System.out.println("RESULT value=" + describe(v));
    }

    private static String describe(Object v) {
        if (v instanceof io.rollcall.collector.devices.DeviceRecord d) {
            return "device:" + (d.secretHash() == null ? "no-hash" : "hash");
        }
        return String.valueOf(v);
    }
}
