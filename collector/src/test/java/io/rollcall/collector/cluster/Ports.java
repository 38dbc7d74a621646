package io.rollcall.collector.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Free TCP ports and this JVM's listening sockets, as {@code ss} reports them. */
final class Ports {
    private Ports() {
    }

    static int free() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A port p with p and p + 1 free on loopback (member i of a test cluster is 127.0.0.1:p+i). */
    static int freePair() throws IOException {
        for (int i = 0; i < 50; i++) {
            int p = free();
            if (p < 65535) {
                try (ServerSocket a = new ServerSocket(p, 1, InetAddress.getLoopbackAddress());
                     ServerSocket b = new ServerSocket(p + 1, 1, InetAddress.getLoopbackAddress())) {
                    return p;
                } catch (IOException e) {
                    // taken: try another
                }
            }
        }
        throw new IllegalStateException("no two consecutive free ports on loopback");
    }

    /** A TCP listener of this process: its local address as {@code ss} prints it, host and port. */
    record Listener(String host, int port) {
        boolean loopback() {
            try {
                return !host.equals("*") && InetAddress.getByName(host).isLoopbackAddress();
            } catch (IOException e) {
                return false;
            }
        }
    }

    /** Every TCP socket this JVM listens on, read with {@code ss -ltnpH} (as root, so owners are shown). */
    static List<Listener> listening() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ss", "-ltnpH").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("ss failed: " + out);
        }
        String me = "pid=" + ProcessHandle.current().pid() + ",";
        List<Listener> mine = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.contains(me)) {
                continue;
            }
            String local = line.trim().split("\\s+")[3];
            int colon = local.lastIndexOf(':');
            String host = local.substring(0, colon).replace("[", "").replace("]", "").replace("::ffff:", "");
            mine.add(new Listener(host.isEmpty() ? "*" : host, Integer.parseInt(local.substring(colon + 1))));
        }
        return mine;
    }
}
