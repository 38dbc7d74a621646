package io.rollcall.collector.alerts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rollcall.collector.reminders.Mailer;
import io.rollcall.common.wire.WireJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alerts, from event to receiver. {@link #scan} queues each event once per target that wants it (the unique key
 * of {@code alert_deliveries}); {@link #deliver} sends what is due: a signed POST per webhook delivery, one digest
 * mail per e-mail target. A failed attempt is tried again after 30 s, 1 min, 2 min… (doubling, at most an hour
 * apart) until {@value #MAX_ATTEMPTS} attempts, then marked failed; every attempt's outcome is in the log. Both run
 * as cluster jobs ({@link Alerts}), so one node at a time sends. Time comes from the clock, so tests move it.
 * Blocking (SQL, HTTP, SMTP).
 */
public final class AlertService {
    private static final Logger LOG = LoggerFactory.getLogger(AlertService.class);
    static final int MAX_ATTEMPTS = 8;
    static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    static final Duration LONGEST_WAIT = Duration.ofHours(1);
    /** How far back a new high-severity finding may be when first seen by a scan. */
    static final Duration FINDINGS_LOOKBACK = Duration.ofDays(7);

    private final AlertStore store;
    private final AlertScanner scanner;
    private final Mailer mailer;
    private final Clock clock;
    private final java.util.function.Supplier<String> collectorUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /** @param mailer null when no SMTP host is set (e-mail targets are then refused) */
    public AlertService(AlertStore store, AlertScanner scanner, Mailer mailer, Clock clock,
                        java.util.function.Supplier<String> collectorUrl) {
        this.store = store;
        this.scanner = scanner;
        this.mailer = mailer;
        this.clock = clock;
        this.collectorUrl = collectorUrl;
    }

    public AlertStore store() {
        return store;
    }

    public boolean mailEnabled() {
        return mailer != null;
    }

    /** Queues every event not yet queued for each target that wants it; returns how many were queued. */
    public int scan() throws Exception {
        List<AlertTarget> targets = store.targets().stream().filter(AlertTarget::enabled).toList();
        if (targets.isEmpty()) {
            return 0;
        }
        Instant now = clock.instant();
        Instant since = now.minus(FINDINGS_LOOKBACK);
        Instant oldest = targets.stream().filter(t -> t.wants(AlertTarget.FINDING_HIGH)).map(AlertTarget::createdAt)
                .min(Instant::compareTo).orElse(now);
        since = oldest.isAfter(since) ? oldest : since;
        int queued = 0;
        for (AlertEvent e : scanner.scan(since)) {
            for (AlertTarget t : targets) {
                // a target hears of findings opened after it was added, not the whole fleet's history
                if (t.wants(e.kind()) && !(e.kind().equals(AlertTarget.FINDING_HIGH) && e.at().isBefore(t.createdAt()))
                        && store.queue(t.id(), e, payload(t, e), now)) {
                    queued++;
                }
            }
        }
        return queued;
    }

    /** The JSON a receiver gets: {@code text} (what Teams and Google Chat show) and, unless text-only, the fields. */
    String payload(AlertTarget t, AlertEvent e) throws Exception {
        ObjectNode n = WireJson.mapper().createObjectNode();
        n.put("text", e.text());
        if (!"text".equals(t.format())) {
            n.put("event", e.kind());
            n.put("key", e.key());
            n.put("occurredAt", e.at() == null ? null : e.at().toString());
            n.put("collector", collectorUrl.get());
            n.set("details", WireJson.mapper().valueToTree(e.details()));
        }
        return WireJson.mapper().writeValueAsString(n);
    }

    /** Sends every due delivery; returns how many were delivered. */
    public int deliver() throws Exception {
        Map<UUID, AlertTarget> targets = new HashMap<>();
        for (AlertTarget t : store.targets()) {
            targets.put(t.id(), t);
        }
        Map<UUID, List<AlertStore.Delivery>> digests = new LinkedHashMap<>();
        int delivered = 0;
        for (AlertStore.Delivery d : store.due(clock.instant(), 200)) {
            AlertTarget t = targets.get(d.targetId());
            if (t == null || !t.enabled()) {
                continue;
            }
            if (AlertTarget.EMAIL.equals(t.kind())) {
                digests.computeIfAbsent(t.id(), k -> new ArrayList<>()).add(d);
            } else if (outcome(d, post(t, d))) {
                delivered++;
            }
        }
        for (Map.Entry<UUID, List<AlertStore.Delivery>> e : digests.entrySet()) {
            String result = mail(targets.get(e.getKey()), e.getValue());
            for (AlertStore.Delivery d : e.getValue()) {
                if (outcome(d, result)) {
                    delivered++;
                }
            }
        }
        return delivered;
    }

    /** Records one attempt; {@code result} null means it worked. */
    private boolean outcome(AlertStore.Delivery d, String result) throws Exception {
        Instant now = clock.instant();
        int attempts = d.attempts() + 1;
        if (result == null) {
            store.attempted(d.id(), "delivered", attempts, now, null, "ok");
            return true;
        }
        if (attempts >= MAX_ATTEMPTS) {
            store.attempted(d.id(), "failed", attempts, now, null, result + "; gave up");
        } else {
            store.attempted(d.id(), "pending", attempts, now, now.plus(backoff(attempts)), result);
        }
        return false;
    }

    /** The wait after the {@code attempts}-th failure: 30 s, 1 min, 2 min, … at most an hour. */
    static Duration backoff(int attempts) {
        Duration d = FIRST_RETRY.multipliedBy(1L << Math.min(attempts - 1, 20));
        return d.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : d;
    }

    /** POSTs a delivery; null when the receiver answered 2xx, else a short reason (no URL, no secret). */
    private String post(AlertTarget t, AlertStore.Delivery d) {
        long ts = clock.instant().getEpochSecond();
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create(t.url())).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Rollcall-Alerts")
                    .header(WebhookSigner.TIMESTAMP, Long.toString(ts))
                    .header(WebhookSigner.SIGNATURE, WebhookSigner.sign(t.secret(), ts, d.payload()))
                    .header(WebhookSigner.DELIVERY, d.id().toString())
                    .header(WebhookSigner.EVENT, d.eventKind())
                    .POST(HttpRequest.BodyPublishers.ofString(d.payload())).build();
            HttpResponse<Void> res = http.send(req, HttpResponse.BodyHandlers.discarding());
            return res.statusCode() / 100 == 2 ? null : "HTTP " + res.statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (Exception e) {
            return e.getClass().getSimpleName();
        }
    }

    private String mail(AlertTarget t, List<AlertStore.Delivery> ds) {
        if (mailer == null) {
            return "smtp.host is not set";
        }
        StringBuilder body = new StringBuilder("Rollcall alerts from " + collectorUrl.get() + "\n\n");
        for (AlertStore.Delivery d : ds) {
            try {
                body.append("- ").append(WireJson.mapper().readTree(d.payload()).get("text").asText()).append('\n');
            } catch (Exception e) {
                body.append("- ").append(d.eventKind()).append('\n');
            }
        }
        try {
            mailer.send(t.email(), "Rollcall: " + ds.size() + (ds.size() == 1 ? " alert" : " alerts"), body.toString());
            return null;
        } catch (Exception e) {
            LOG.warn("alert digest to target {} failed: {}", t.id(), e.getClass().getSimpleName());
            return "mail: " + e.getClass().getSimpleName();
        }
    }
}
