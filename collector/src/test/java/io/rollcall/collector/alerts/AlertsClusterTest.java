package io.rollcall.collector.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.jobs.JobSettings;
import io.rollcall.collector.support.MutableClock;
import io.rollcall.collector.support.TestCollector;
import io.rollcall.collector.support.TwoNodes;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two collectors in one cluster over one database run the alert jobs at the same moment: each alert is sent once. */
class AlertsClusterTest {
    @TempDir
    Path a;
    @TempDir
    Path b;

    @Test
    void bothNodesRunningTheJobsAtOnceSendEachDeliveryOnce() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2025-06-02T07:00:00Z"));
        Vertx vertx = Vertx.vertx();
        List<String> deliveries = new CopyOnWriteArrayList<>();
        HttpServer receiver = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(x -> {
            deliveries.add(req.getHeader(WebhookSigner.DELIVERY));
            req.response().setStatusCode(204).end();
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
        // the jobs' own timers look once an hour: only this test runs them
        try (TwoNodes nodes = TwoNodes.start(a, b, "rc-alerts-", clock,
                c -> c.withJobs(new JobSettings(Duration.ofHours(1), Duration.ofHours(2), Map.of())))) {
            TestCollector one = nodes.one();
            AlertsTest.ok(201, one.admin("POST", "/api/v1/alerts/targets", AlertsTest.json(Map.of("name", "Hook",
                    "kind", "webhook", "url", "http://127.0.0.1:" + receiver.actualPort() + "/",
                    "events", List.of("loan-overdue")))));
            for (int i = 0; i < 3; i++) {
                String tag = "C-" + UUID.randomUUID().toString().substring(0, 8);
                AlertsTest.ok(201, one.admin("POST", "/api/v1/assets", AlertsTest.json(Map.of("tag", tag,
                        "type", "laptop"))));
                String person = AlertsTest.ok(201, one.admin("POST", "/api/v1/people", AlertsTest.json(Map.of(
                        "staffId", "S" + tag, "name", "Borrower " + i)))).get("id").asText();
                AlertsTest.ok(201, one.admin("POST", "/api/v1/loans", AlertsTest.json(Map.of("assetTag", tag,
                        "personId", person, "dueAt", clock.instant().plus(Duration.ofHours(1)).toString()))));
            }
            clock.advance(Duration.ofHours(3));
            bothAtOnce(nodes, Alerts.SCAN);
            bothAtOnce(nodes, Alerts.DELIVER);
            JsonNode log = AlertsTest.ok(200, one.adminGet("/api/v1/alerts/deliveries")).get("items");
            assertEquals(3, log.size(), log.toString());
            assertEquals(3, deliveries.size(), deliveries.toString());
            assertEquals(3, deliveries.stream().distinct().count());
            for (JsonNode d : log) {
                assertEquals("delivered", d.get("status").asText());
                assertEquals(1, d.get("attempts").asInt());
            }
            // and again a minute later: nothing new, nothing sent twice
            clock.advance(Duration.ofMinutes(1));
            bothAtOnce(nodes, Alerts.SCAN);
            bothAtOnce(nodes, Alerts.DELIVER);
            assertEquals(3, deliveries.size());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    /** Both nodes ask to run {@code job} at the same moment; exactly one may. */
    private static void bothAtOnce(TwoNodes nodes, String job) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> runs = new ArrayList<>();
            for (TestCollector node : List.of(nodes.one(), nodes.two())) {
                runs.add(pool.submit(() -> {
                    go.await();
                    return node.collector().jobs().runIfDue(job).isPresent();
                }));
            }
            go.countDown();
            int ran = 0;
            for (Future<Boolean> f : runs) {
                ran += f.get() ? 1 : 0;
            }
            assertTrue(ran == 1, job + " ran on " + ran + " nodes");
        } finally {
            pool.shutdownNow();
        }
    }
}
