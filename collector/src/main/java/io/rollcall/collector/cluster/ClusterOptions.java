package io.rollcall.collector.cluster;

import java.util.List;
import java.util.Properties;

/**
 * How a multi-node cluster keeps strangers out; ignored by a cluster of one (see {@link ClusterFactory}).
 * {@link #toString} never shows the secret.
 *
 * @param bind         the address this node's cluster tunnel listens on ({@code cluster.bind}); {@code null} = the host
 *                     of this node's own entry in {@code cluster.members}
 * @param loopbackPort member {@code i} (0-based, in {@code cluster.members} order) is known to Hazelcast as
 *                     {@code 127.0.0.1:loopbackPort+i} on every node ({@code cluster.loopback.port}, default 5801);
 *                     those ports must be free on loopback on every member host
 * @param secret       shared by every member, at least {@value #MIN_SECRET} characters ({@code cluster.secret})
 */
public record ClusterOptions(String bind, int loopbackPort, String secret) {
    public static final int MIN_SECRET = 32;
    public static final int DEFAULT_LOOPBACK_PORT = 5801;
    /** The keys this record reads, for the config file's list of known settings. */
    public static final List<String> KEYS = List.of("cluster.bind", "cluster.loopback.port", "cluster.secret");

    public ClusterOptions {
        if (loopbackPort < 1 || loopbackPort > 65535) {
            throw new IllegalArgumentException("cluster.loopback.port was " + loopbackPort + ", must be 1 to 65535");
        }
        bind = bind == null || bind.isBlank() ? null : bind.trim();
    }

    public static ClusterOptions defaults() {
        return new ClusterOptions(null, DEFAULT_LOOPBACK_PORT, null);
    }

    /** These options with the {@code cluster.*} keys of {@code p} over them. */
    public ClusterOptions with(Properties p) {
        String port = p.getProperty("cluster.loopback.port");
        int lp = loopbackPort;
        if (port != null) {
            try {
                lp = Integer.parseInt(port.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("cluster.loopback.port was '" + port + "', must be a whole number");
            }
        }
        String s = p.getProperty("cluster.secret");
        return new ClusterOptions(p.getProperty("cluster.bind", bind), lp, s == null ? secret : s.trim());
    }

    public ClusterOptions withSecret(String s) {
        return new ClusterOptions(bind, loopbackPort, s);
    }

    public ClusterOptions withLoopbackPort(int port) {
        return new ClusterOptions(bind, port, secret);
    }

    public ClusterOptions withBind(String address) {
        return new ClusterOptions(address, loopbackPort, secret);
    }

    @Override
    public String toString() {
        return "ClusterOptions[bind=" + bind + ", loopbackPort=" + loopbackPort + ", secret="
                + (secret == null ? "none" : "***") + "]";
    }
}
