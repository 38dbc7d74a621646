package io.rollcall.collector.cluster;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code cluster.members} read: every member's tunnel address, this node included, in the same order on every node
 * (the position is a member's identity: member {@code i} is {@code 127.0.0.1:loopbackPort+i} to Hazelcast).
 *
 * @param tunnels each member's tunnel address
 * @param self    this node's position: the entry with this node's {@code cluster.port} whose host is
 *                {@code cluster.bind}, or, without it, an address of this machine
 */
record MemberList(List<InetSocketAddress> tunnels, int self) {

    static MemberList parse(List<String> members, int port, String bind) {
        List<InetSocketAddress> tunnels = new ArrayList<>();
        for (String m : members) {
            tunnels.add(address(m));
        }
        List<Integer> mine = new ArrayList<>();
        for (int i = 0; i < tunnels.size(); i++) {
            InetSocketAddress t = tunnels.get(i);
            if (t.getPort() == port && (bind != null ? sameHost(t, bind) : isLocal(t.getAddress()))) {
                mine.add(i);
            }
        }
        if (mine.size() != 1) {
            throw new IllegalArgumentException("cluster.members must list this node exactly once as host:"
                    + port + " (cluster.port)" + (bind == null ? " on an address of this machine" : " with host "
                    + bind + " (cluster.bind)") + "; found " + mine.size() + " in " + members);
        }
        if (tunnels.stream().distinct().count() != tunnels.size()) {
            throw new IllegalArgumentException("cluster.members lists a member twice: " + members);
        }
        return new MemberList(List.copyOf(tunnels), mine.get(0));
    }

    InetSocketAddress own() {
        return tunnels.get(self);
    }

    private static InetSocketAddress address(String m) {
        int colon = m.lastIndexOf(':');
        if (colon <= 0 || colon == m.length() - 1) {
            throw new IllegalArgumentException("cluster.members entry '" + m + "' must be host:port");
        }
        String host = m.substring(0, colon).replace("[", "").replace("]", "");
        int port;
        try {
            port = Integer.parseInt(m.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cluster.members entry '" + m + "' has no port number");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("cluster.members entry '" + m + "': port must be 1 to 65535");
        }
        InetSocketAddress a = new InetSocketAddress(host, port);
        if (a.isUnresolved()) {
            throw new IllegalArgumentException("cluster.members entry '" + m + "': cannot resolve " + host);
        }
        return a;
    }

    private static boolean sameHost(InetSocketAddress a, String host) {
        try {
            return a.getAddress().equals(InetAddress.getByName(host));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cluster.bind '" + host + "' cannot be resolved");
        }
    }

    private static boolean isLocal(InetAddress a) {
        try {
            return a.isLoopbackAddress() || NetworkInterface.getByInetAddress(a) != null;
        } catch (SocketException e) {
            return false;
        }
    }
}
