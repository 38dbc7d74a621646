package io.rollcall.collector;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar rollcall-collector.jar [--data DIR] [--port N] [--config FILE]}. The first start
 * on an empty data dir writes the enrolment and admin tokens to {@code DIR/first-run.json} (mode 0600)
 * and prints where that file is, never the tokens (standard output often ends up in a journal).
 */
public final class CollectorMain {
    private CollectorMain() {
    }

    public static void main(String[] args) {
        CollectorConfig cfg;
        try {
            cfg = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("rollcall-collector: " + e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        if (cfg == null) {
            System.out.println(usage());
            return;
        }
        Collector collector;
        try {
            collector = Collector.start(cfg, System.getenv());
        } catch (Exception e) {
            System.err.println("rollcall-collector: could not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        if (collector.firstRun().created()) {
            System.out.println(collector.banner());
        } else {
            System.out.println("Rollcall collector serving " + collector.url() + " (CA fingerprint "
                    + collector.caFingerprint() + ")");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            collector.close();
            stopped.countDown();
        }, "rollcall-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code null} when help was asked for. */
    static CollectorConfig parse(String[] args) {
        CollectorConfig cfg = CollectorConfig.defaults();
        Path data = null;
        Integer port = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--data" -> data = Path.of(value(args, ++i, a));
                case "--port" -> {
                    String v = value(args, ++i, a);
                    try {
                        port = Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--port was '" + v + "', must be a number from 0 to 65535");
                    }
                    if (port < 0 || port > 65535) {
                        throw new IllegalArgumentException("--port was " + port + ", must be from 0 to 65535");
                    }
                }
                case "--config" -> {
                    Path file = Path.of(value(args, ++i, a));
                    try {
                        cfg = cfg.withFile(file);
                    } catch (java.io.IOException e) {
                        throw new IllegalArgumentException("cannot read --config " + file + ": " + e.getMessage());
                    }
                }
                default -> throw new IllegalArgumentException("unknown argument '" + a + "'");
            }
        }
        if (data != null) {
            cfg = cfg.withDataDir(data);
        }
        if (port != null) {
            cfg = cfg.withPort(port);
        }
        return cfg;
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }

    static String usage() {
        return """
                usage: java -jar rollcall-collector.jar [--data DIR] [--port N] [--config FILE]
                  --data DIR     where the database, certificates and first-run.json live (default ./data)
                  --port N       HTTPS port (default 8443)
                  --config FILE  a properties file: bind, public.host, tls.extra.names, jdbc.url, jdbc.user,
                                 jdbc.password, cluster.name, cluster.members, cluster.port, cluster.bind,
                                 cluster.secret, cluster.loopback.port, report.interval.seconds,
                                 worker.pool.size, http.instances, metrics.token (GET /metrics for
                                 Authorization: Bearer <token>; unset = loopback clients only)""";
    }
}
