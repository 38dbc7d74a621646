package io.rollcall.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.Deflater;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Inventories per second that one collector stores durably through {@code POST /ocsinventory} (issue 15): a captured
 * FusionInventory inventory, its DEVICEID replaced per simulated device, zlib-compressed up front (as the agent sends
 * it) so the generator spends its CPU on nothing but HTTP. Round 1 sends each device's first inventory (a new device:
 * every section written), round 2 a second one (LOGDATE changed: a new report whose sections are unchanged), each
 * with {@code --concurrency} requests in flight. Every answer is 200 only after the commit, so rate = answered / time.
 *
 * <pre>java -cp bench/target/rollcall-loadgen.jar io.rollcall.bench.OcsInventoryBench --url https://localhost:9443
 *      --ca DATA/tls/ca.crt --token T --inventory collector/src/test/resources/interop/fusioninventory-2.6-debian12.xml
 *      --devices 400 --concurrency 1</pre>
 */
public final class OcsInventoryBench {
    private OcsInventoryBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new ConcurrentHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        for (String required : List.of("url", "ca", "token", "inventory")) {
            if (!o.containsKey(required)) {
                System.err.println("--" + required + " is required; see the class Javadoc");
                System.exit(2);
            }
        }
        int devices = Integer.parseInt(o.getOrDefault("devices", "200"));
        int concurrency = Integer.parseInt(o.getOrDefault("concurrency", "1"));
        String xml = Files.readString(Path.of(o.get("inventory")), StandardCharsets.UTF_8);
        String tag = Long.toHexString(System.nanoTime());
        HttpClient http = HttpClient.newBuilder().sslContext(trusting(Path.of(o.get("ca"))))
                .connectTimeout(Duration.ofSeconds(10)).build();
        String auth = "Basic " + Base64.getEncoder().encodeToString(("bench:" + o.get("token"))
                .getBytes(StandardCharsets.UTF_8));
        URI uri = URI.create(o.get("url") + "/ocsinventory");
        for (int round = 1; round <= 2; round++) {
            List<byte[]> bodies = new ArrayList<>(devices);
            for (int d = 0; d < devices; d++) {
                String one = xml.replaceFirst("<DEVICEID>[^<]*</DEVICEID>", "<DEVICEID>bench-" + tag + "-" + d
                        + "</DEVICEID>").replaceFirst("<LOGDATE>[^<]*</LOGDATE>", "<LOGDATE>round " + round + "</LOGDATE>");
                bodies.add(zlib(one.getBytes(StandardCharsets.UTF_8)));
            }
            run(http, uri, auth, bodies, concurrency, round == 1 ? "new devices" : "known devices, unchanged sections");
        }
    }

    private static void run(HttpClient http, URI uri, String auth, List<byte[]> bodies, int concurrency, String what)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        List<Future<?>> lanes = new ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            lanes.add(pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < bodies.size()) {
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<Void> res = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(120))
                                .header("Authorization", auth).header("Content-Type", "application/x-compress")
                                .header("User-Agent", "FusionInventory-Agent_v2.6-3")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i))).build(),
                                HttpResponse.BodyHandlers.discarding());
                        if (res.statusCode() == 200) {
                            ok.incrementAndGet();
                            latencies.add(System.nanoTime() - t0);
                        } else {
                            failed.incrementAndGet();
                            System.err.println("HTTP " + res.statusCode());
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                        System.err.println(e);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : lanes) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        List<Long> sorted = new ArrayList<>(latencies);
        sorted.sort(null);
        double p50 = sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2) / 1e6;
        double p99 = sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, sorted.size() * 99 / 100)) / 1e6;
        double rate = ok.get() / seconds;
        System.out.printf("%s: concurrency %d, %d stored, %d failed in %.1f s = %.1f inventories/s "
                        + "(%.1f× OCS-NG's 1.2/s with one client, %.1f× its best 5.2/s); p50 %.0f ms, p99 %.0f ms%n",
                what, concurrency, ok.get(), failed.get(), seconds, rate, rate / 1.2, rate / 5.2, p50, p99);
    }

    private static byte[] zlib(byte[] data) {
        Deflater d = new Deflater();
        d.setInput(data);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return out.toByteArray();
    }

    private static SSLContext trusting(Path caPem) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        ks.setCertificateEntry("ca", CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(caPem))));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
