package io.rollcall.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** The load generator's command line: {@link #parse} and {@link #HELP}, which lists every option. */
final class LoadGenOptions {
    static final String HELP = """
            usage: java -jar bench/target/rollcall-loadgen.jar --url URL --ca FILE (--admin-token T | --enroll-token T) [options]
                   java -jar bench/target/rollcall-loadgen.jar --sizes
                   java -jar bench/target/rollcall-loadgen.jar --help

            Enrols --devices simulated devices, then posts reports for --warmup + --duration seconds and prints
            throughput and latency of the collector's 202s, then the decode-only ceiling of the same full report.

              --url URL[,URL…]          collector base URL (default https://localhost:8443); several (comma-separated
                                        or --url repeated) spread the devices over the nodes of a cluster: device i
                                        enrols and reports through node i mod n (--admin-token: the enrolment token
                                        is made through the first)
              --ca FILE                 the collector's CA certificate (DATA/tls/ca.crt); the only certificate trusted
              --admin-token T           an admin API token: the generator creates its own enrolment token through
                                        POST /api/v1/enrollment/tokens (label "loadgen", 1 day, --devices devices,
                                        100000 a minute) and enrols with it
              --enroll-token T          enrol with this enrolment token instead (the first-run token enrols at most
                                        300 devices a minute: more devices than that need --admin-token)
              --devices N               simulated devices (default 2000)
              --devices-file FILE       reuse the device ids and secrets stored here; enrol and store them when the
                                        file is missing or lists fewer than --devices
              --packages N              packages per full report (default 850)
              --kind full|heartbeat|mixed   what to send (default full)
              --mixed-full-percent P    with --kind mixed, the percentage of full reports (default 20)
              --change-every N          a device alternates its software list every N reports (default 10)
              --duration S              measured seconds (default 60)
              --warmup S                seconds sent before measuring (default 10)
              --concurrency N           requests in flight and connections (default 64); with several --url the
                                        lanes take the devices in turn, so each node gets about 1/n of them
              --enrol-concurrency N     enrolments in flight (default: --concurrency, at most 16)
              --mix morning             the morning mix instead of --kind: every device's first full report, then
                                        10 % changed full reports, 20 % deltas, 70 % heartbeats for --duration
                                        seconds (no warm-up) or --count reports; per-kind rate, p50/p99 and errors
              --count N                 with --mix: send N reports after the first ones instead of --duration
              --untimed-first N         with --mix: the first N devices' first reports warm the collector and this
                                        generator up, untimed (their lists: templates 0-9 only); the rest are timed
                                        and use templates from 0 again (default 0)
              --templates N             distinct full reports (software list, host facts) shared round-robin by
                                        the devices (default: --devices, at most 2000); bounds the generator's memory
              --ceiling-seconds S       after the load, time ReportCodec.decode of the same full report for S
                                        seconds on 1 thread and on --ceiling-threads (default 5; 0 = skip) and
                                        print ingest as a fraction of it
              --ceiling-threads N       threads of the second ceiling figure (default: available processors)
              --http2                   HTTP/2 over one connection instead of HTTP/1.1
              --sizes                   print raw and gzipped sizes of full reports and exit (no network)
              --ceiling-only            measure only the decode-only ceiling (--ceiling-seconds, default 5) and
                                        exit (no network): on a quiet machine, the collector stopped
              --help                    this text
            """;

    /** Options followed by a value; {@link #parse} and the test that {@link #HELP} lists them share this list. */
    static final List<String> VALUED = List.of("--url", "--ca", "--admin-token", "--enroll-token", "--devices",
            "--devices-file", "--packages", "--kind", "--mixed-full-percent", "--change-every", "--duration", "--warmup",
            "--concurrency", "--enrol-concurrency", "--mix", "--count", "--untimed-first", "--templates", "--ceiling-seconds", "--ceiling-threads");
    /** Options without a value. */
    static final List<String> FLAGS = List.of("--http2", "--sizes", "--ceiling-only", "--help");

    /** The most enrolments a minute a token may allow (the collector's limit). */
    static final int TOKEN_PER_MINUTE = 100_000;

    static final String DEFAULT_URL = "https://localhost:8443";
    /** Every {@code --url} given, in order; {@link #urls} falls back to {@link #DEFAULT_URL}. */
    private final List<String> urls = new ArrayList<>();
    String ca;
    String enrollToken;
    String adminToken;
    int devices = 2000;
    int packages = 850;
    int duration = 60;
    int warmup = 10;
    int concurrency = 64;
    int enrolConcurrency;
    String kind = "full";
    String devicesFile;
    boolean http2;
    boolean sizes;
    boolean ceilingOnly;
    boolean help;
    int changeEvery = 10;
    int mixedFullPercent = 20;
    /** {@code null} or {@code morning}. */
    String mix;
    int count;
    /** {@code --untimed-first}: devices whose first reports are sent before the timed ones, not measured. */
    int untimedFirst;
    int templates;
    int ceilingSeconds = 5;
    int ceilingThreads;

    /** @throws IllegalArgumentException naming the option whose value is missing or wrong */
    static LoadGenOptions parse(String[] args) {
        LoadGenOptions o = new LoadGenOptions();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--help", "-h" -> o.help = true;
                case "--http2" -> o.http2 = true;
                case "--ceiling-only" -> o.ceilingOnly = true;
                case "--sizes" -> o.sizes = true;
                default -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(VALUED.contains(a) ? a + " needs a value"
                                : "unknown option " + a);
                    }
                    o.set(a, args[++i]);
                }
            }
        }
        return o;
    }

    private void set(String option, String v) {
        switch (option) {
            case "--url" -> {
                for (String u : v.split(",", -1)) {
                    urls.add(checkedUrl(u.trim()));
                }
            }
            case "--ca" -> ca = v;
            case "--enroll-token" -> enrollToken = v;
            case "--admin-token" -> adminToken = v;
            case "--devices" -> devices = positive(option, v);
            case "--packages" -> packages = positive(option, v);
            case "--duration" -> duration = positive(option, v);
            case "--warmup" -> warmup = whole(option, v);
            case "--concurrency" -> concurrency = positive(option, v);
            case "--enrol-concurrency" -> enrolConcurrency = positive(option, v);
            case "--kind" -> {
                if (!List.of("full", "heartbeat", "mixed").contains(v)) {
                    throw new IllegalArgumentException("--kind was '" + v + "', must be full, heartbeat or mixed");
                }
                kind = v;
            }
            case "--devices-file" -> devicesFile = v;
            case "--change-every" -> changeEvery = positive(option, v);
            case "--mixed-full-percent" -> {
                mixedFullPercent = whole(option, v);
                if (mixedFullPercent > 100) {
                    throw new IllegalArgumentException("--mixed-full-percent was " + v + ", must be 0 to 100");
                }
            }
            case "--mix" -> {
                if (!v.equals("morning")) {
                    throw new IllegalArgumentException("--mix was '" + v + "', must be morning");
                }
                mix = v;
            }
            case "--count" -> count = positive(option, v);
            case "--untimed-first" -> untimedFirst = whole(option, v);
            case "--templates" -> templates = positive(option, v);
            case "--ceiling-seconds" -> ceilingSeconds = whole(option, v);
            case "--ceiling-threads" -> ceilingThreads = positive(option, v);
            default -> throw new IllegalArgumentException("unknown option " + option);
        }
    }

    /** The collectors to talk to: every {@code --url} in the order given, or the default one. */
    List<String> urls() {
        return urls.isEmpty() ? List.of(DEFAULT_URL) : List.copyOf(urls);
    }

    /** The node (index into {@link #urls}) device {@code device} enrols and reports through: device i → node i mod n. */
    int nodeOf(long device) {
        return (int) Math.floorMod(device, (long) Math.max(1, urls.size()));
    }

    /** Enrolments in flight: {@code --enrol-concurrency}, else {@code --concurrency} up to 16. */
    int enrolConcurrency() {
        return enrolConcurrency > 0 ? enrolConcurrency : Math.min(concurrency, 16);
    }

    private static String checkedUrl(String u) {
        URI parsed;
        try {
            parsed = URI.create(u);
        } catch (IllegalArgumentException e) {
            parsed = null;
        }
        if (parsed == null || !"https".equals(parsed.getScheme()) || parsed.getHost() == null
                || (parsed.getPath() != null && !parsed.getPath().isEmpty() && !parsed.getPath().equals("/"))) {
            throw new IllegalArgumentException("--url was '" + u + "', must be https://HOST[:PORT] (several: "
                    + "comma-separated or --url repeated)");
        }
        return u;
    }

    /** Distinct full reports the devices share: {@code --templates}, else one per device up to 2,000. */
    int templates() {
        return Math.min(devices, templates > 0 ? templates : 2000);
    }

    int ceilingThreads() {
        return ceilingThreads > 0 ? ceilingThreads : Runtime.getRuntime().availableProcessors();
    }

    /** What a run needs besides defaults; {@code --sizes} and {@code --help} need nothing. */
    void requireRunnable() {
        if (ca == null) {
            throw new IllegalArgumentException("--ca is required (the collector's DATA/tls/ca.crt)");
        }
        if (adminToken == null && enrollToken == null) {
            throw new IllegalArgumentException("give --admin-token (creates an enrolment token) or --enroll-token");
        }
        if (adminToken != null && enrollToken != null) {
            throw new IllegalArgumentException("give --admin-token or --enroll-token, not both");
        }
        if (count > 0 && mix == null) {
            throw new IllegalArgumentException("--count applies to --mix morning only; the other modes run for --duration");
        }
        if (untimedFirst > 0 && mix == null) {
            throw new IllegalArgumentException("--untimed-first applies to --mix morning only");
        }
        if (untimedFirst >= devices) {
            throw new IllegalArgumentException("--untimed-first was " + untimedFirst + ", must be fewer than --devices ("
                    + devices + "): some first reports must be timed");
        }
    }

    private static int positive(String option, String v) {
        int n = whole(option, v);
        if (n < 1) {
            throw new IllegalArgumentException(option + " was " + v + ", must be at least 1");
        }
        return n;
    }

    private static int whole(String option, String v) {
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 0) {
                throw new IllegalArgumentException(option + " was " + v + ", must be 0 or more");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " was '" + v + "', not a whole number");
        }
    }
}
