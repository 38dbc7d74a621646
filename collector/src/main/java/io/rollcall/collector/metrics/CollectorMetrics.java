package io.rollcall.collector.metrics;

import com.hazelcast.core.HazelcastInstance;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.rollcall.collector.findings.FindingEvents;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import java.util.function.ToDoubleFunction;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * One collector's meters, exposed by {@code GET /metrics} in the Prometheus text format: reports by kind and
 * outcome (rate and latency histogram), enrolments by outcome, findings opened and resolved by rule, the report
 * writer's queue, the database pool, the Hazelcast members this node sees, Vert.x's HTTP server and worker pools,
 * and the JVM. Each collector has its own registry (several run in one JVM in tests). Labels carry only fixed
 * words and rule ids: never a device id, a secret, a host name or a person's name, and never a request path
 * (Vert.x reports the route template, {@code /api/v1/devices/:id}).
 */
public final class CollectorMetrics implements FindingEvents, AutoCloseable {
    /** Report kinds as labelled; {@code unknown} when a report was refused before its kind could be read. */
    public static final List<String> KINDS = List.of("full", "delta", "heartbeat");
    /** {@code error} is a 5xx or a broken connection: the collector's fault, not the agent's. */
    public static final List<String> OUTCOMES = List.of("stored", "duplicate", "refused", "error");
    public static final List<String> ENROLMENT_OUTCOMES = List.of("enrolled", "pending", "refused", "error");
    /** Rule ids are configuration (a fixed set); anything else is folded into {@code other} to bound the series. */
    private static final Pattern RULE_ID = Pattern.compile("[a-z][a-z0-9.-]{0,63}");
    /** Histogram buckets for report latency: from a heartbeat on an idle node to a full report in a storm. */
    private static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /** Vert.x keeps backends by name for the whole JVM: a name per collector keeps two collectors' apart. */
    private final String vertxRegistryName = "rollcall-" + UUID.randomUUID();
    private final Map<String, Timer> reports = new ConcurrentHashMap<>();
    private final Map<String, Counter> enrolments = new ConcurrentHashMap<>();
    private final Map<String, Counter> opened = new ConcurrentHashMap<>();
    private final Map<String, Counter> resolved = new ConcurrentHashMap<>();
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public CollectorMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        gc.bindTo(registry);
        // every series a dashboard plots starts at zero, so a rate exists before the first report arrives
        for (String kind : KINDS) {
            for (String outcome : List.of("stored", "duplicate", "refused")) {
                reportTimer(kind, outcome);
            }
        }
        for (String outcome : List.of("enrolled", "pending", "refused")) {
            enrolmentCounter(outcome);
        }
    }

    /**
     * A Vert.x instance reporting its HTTP server, pools and event bus to this registry. Labels are chosen here, not
     * left to the defaults, so that no remote address or raw path can become one.
     */
    public Vertx vertx(VertxOptions options) {
        MicrometerMetricsOptions m = new MicrometerMetricsOptions().setEnabled(true)
                .setRegistryName(vertxRegistryName)
                .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.POOL_TYPE,
                        Label.POOL_NAME));
        return Vertx.builder().with(options.setMetricsOptions(m)).withMetrics(new MicrometerMetricsFactory(registry))
                .build();
    }

    /** Members of the Hazelcast cluster as this node sees them (0 once it has left). */
    public void watchCluster(HazelcastInstance hz) {
        Gauge.builder("rollcall.cluster.members", hz, h -> h.getLifecycleService().isRunning()
                        ? h.getCluster().getMembers().size() : 0)
                .description("members of the collector cluster this node sees, itself included").strongReference(true)
                .register(registry);
    }

    /** The connection pool's active, idle and waiting counts and its size limit (HikariCP's own MXBean). */
    public void watchPool(DataSource ds) {
        if (!(ds instanceof HikariDataSource hikari)) {
            return;
        }
        poolGauge(hikari, "active", HikariPoolMXBean::getActiveConnections);
        poolGauge(hikari, "idle", HikariPoolMXBean::getIdleConnections);
        poolGauge(hikari, "pending", HikariPoolMXBean::getThreadsAwaitingConnection);
        Gauge.builder("rollcall.db.pool.max", hikari, HikariDataSource::getMaximumPoolSize)
                .description("the most connections the pool opens").strongReference(true).register(registry);
    }

    private void poolGauge(HikariDataSource ds, String state, ToDoubleFunction<HikariPoolMXBean> read) {
        Gauge.builder("rollcall.db.pool.connections", ds, d -> {
            HikariPoolMXBean bean = d.isClosed() ? null : d.getHikariPoolMXBean();
            return bean == null ? Double.NaN : read.applyAsDouble(bean);
        }).tag("state", state).description("database connections: active (lent), idle, pending (threads waiting)")
                .strongReference(true).register(registry);
    }

    /** Reports waiting for the report writers' next group commits. */
    public void watchWriterQueue(IntSupplier depth) {
        Gauge.builder("rollcall.ingest.writer.queue", depth, IntSupplier::getAsInt)
                .description("reports waiting for the report writers' next commits").strongReference(true)
                .register(registry);
    }

    /**
     * Devices whose changed software list is stored but not yet in the install index (cluster-wide, read from the
     * queue table at each scrape; -1 while the store cannot answer), and devices this node indexed.
     */
    public void watchSoftwareIndex(io.rollcall.collector.software.SoftwareIndexer indexer) {
        Gauge.builder("rollcall.software.index.pending", indexer, i -> {
            try {
                return i.pending();
            } catch (java.sql.SQLException e) {
                return -1;
            }
        }).description("devices whose software list waits for the install index").strongReference(true).register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("rollcall.software.index.devices", indexer,
                        io.rollcall.collector.software.SoftwareIndexer::indexed)
                .description("devices whose install index this node rebuilt from a new software list").register(registry);
    }

    /**
     * The agents' software-list members ({@code common} {@code GzipMembers}): reports decoded around a list member
     * this node knew by its bytes, and how many members it remembers.
     */
    public void watchListMembers(io.rollcall.common.wire.ReportCodec codec) {
        io.micrometer.core.instrument.FunctionCounter.builder("rollcall.ingest.list.members.known", codec,
                        c -> (double) c.listMembersKnown())
                .description("reports whose software list member was known by its bytes, not inflated").register(registry);
        Gauge.builder("rollcall.ingest.list.members.remembered", codec, c -> c.rememberedListMembers())
                .description("software list members this node remembers by their bytes").strongReference(true)
                .register(registry);
    }

    /** One {@code POST /api/v1/reports} answered: its kind (or {@code unknown}), outcome and time from arrival to answer. */
    public void report(String kind, String outcome, long nanos) {
        reportTimer(KINDS.contains(kind) ? kind : "unknown", OUTCOMES.contains(outcome) ? outcome : "error")
                .record(Duration.ofNanos(nanos));
    }

    /** One {@code POST /api/v1/enroll} answered. */
    public void enrolment(String outcome) {
        enrolmentCounter(ENROLMENT_OUTCOMES.contains(outcome) ? outcome : "error").increment();
    }

    @Override
    public void opened(String rule) {
        findingCounter(opened, "rollcall.findings.opened", rule).increment();
    }

    @Override
    public void resolved(String rule) {
        findingCounter(resolved, "rollcall.findings.resolved", rule).increment();
    }

    /** The Prometheus text exposition (format 0.0.4) of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    public MeterRegistry registry() {
        return registry;
    }

    private Timer reportTimer(String kind, String outcome) {
        return reports.computeIfAbsent(kind + "/" + outcome, k -> Timer.builder("rollcall.ingest.reports")
                .description("agent reports answered, by kind and outcome; latency from arrival to answer")
                .tags("kind", kind, "outcome", outcome).serviceLevelObjectives(LATENCY_BUCKETS).register(registry));
    }

    private Counter enrolmentCounter(String outcome) {
        return enrolments.computeIfAbsent(outcome, o -> Counter.builder("rollcall.enrolments")
                .description("enrolment requests answered: enrolled, pending a technician's approval, refused")
                .tag("outcome", o).register(registry));
    }

    private Counter findingCounter(Map<String, Counter> counters, String name, String rule) {
        String label = rule != null && RULE_ID.matcher(rule).matches() ? rule : "other";
        return counters.computeIfAbsent(label, r -> Counter.builder(name).tag("rule", r)
                .description("findings " + (name.endsWith("opened") ? "opened" : "resolved") + " by this node, by rule")
                .register(registry));
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
