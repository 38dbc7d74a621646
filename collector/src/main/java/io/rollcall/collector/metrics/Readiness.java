package io.rollcall.collector.metrics;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.zaxxer.hikari.HikariDataSource;
import io.rollcall.collector.db.Database;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether this node should receive traffic ({@code GET /health/ready}): it is a member of its Hazelcast cluster and
 * the store answers {@code SELECT 1} within {@link #timeout}. The query runs on a worker of its own, one at a time:
 * while the store hangs, later checks share the probe in flight instead of tying up more threads, and answer
 * {@code store-timeout} when it has not come back in time.
 */
public final class Readiness {
    /** {@code reason} is one word ({@code store-unreachable}, {@code store-timeout}, {@code cluster-not-joined}), never an error message. */
    public record State(boolean ready, String reason) {
    }

    private final Vertx vertx;
    private final Database db;
    private final HazelcastInstance hz;
    private final Duration timeout;
    private final WorkerExecutor probes;
    private final AtomicReference<Future<String>> inFlight = new AtomicReference<>();

    public Readiness(Vertx vertx, Database db, HazelcastInstance hz, Duration timeout) {
        this.vertx = vertx;
        this.db = db;
        this.hz = hz;
        this.timeout = timeout;
        this.probes = vertx.createSharedWorkerExecutor("rollcall-readiness", 1);
    }

    /** Completes (never fails) within about {@link #timeout}. */
    public Future<State> check() {
        if (!joined()) {
            return Future.succeededFuture(new State(false, "cluster-not-joined"));
        }
        Promise<State> answer = Promise.promise();
        long timer = vertx.setTimer(timeout.toMillis(), id -> answer.tryComplete(new State(false, "store-timeout")));
        probe().onComplete(ar -> {
            vertx.cancelTimer(timer);
            String reason = ar.succeeded() ? ar.result() : "store-unreachable";
            answer.tryComplete(new State(reason == null, reason));
        });
        return answer.future();
    }

    private boolean joined() {
        if (!hz.getLifecycleService().isRunning()) {
            return false;
        }
        Member self = hz.getCluster().getLocalMember();
        return hz.getCluster().getMembers().contains(self);
    }

    /** The running probe, or a new one: {@code null} when the store answered, else a reason word. */
    private Future<String> probe() {
        while (true) {
            Future<String> current = inFlight.get();
            if (current != null && !current.isComplete()) {
                return current;
            }
            Promise<String> mine = Promise.promise();
            if (inFlight.compareAndSet(current, mine.future())) {
                probes.executeBlocking(this::storeAnswers, false).onComplete(mine);
                return mine.future();
            }
        }
    }

    private String storeAnswers() {
        int seconds = (int) Math.max(1, timeout.toSeconds());
        try {
            return db.read(c -> {
                try (Statement s = c.createStatement()) {
                    s.setQueryTimeout(seconds);
                    try (ResultSet rs = s.executeQuery("SELECT 1")) {
                        return rs.next() && rs.getInt(1) == 1 ? null : "store-unreachable";
                    }
                } catch (SQLException e) {
                    // The pool evicts a broken connection only for the errors it knows (SQL state 08…); H2's
                    // "connection is broken" is not one, and polled often, this probe would keep getting the same
                    // dead connection back after the store returned.
                    if (db.dataSource() instanceof HikariDataSource pool) {
                        pool.evictConnection(c);
                    }
                    return "store-unreachable";
                }
            });
        } catch (Exception e) {
            return "store-unreachable";
        }
    }
}
