package io.rollcall.agent.cli;

import io.rollcall.agent.enroll.Enroller;
import io.rollcall.agent.enroll.EnrolmentFile;
import io.rollcall.agent.enroll.PendingEnrolment;
import io.rollcall.agent.outbox.Outbox;
import io.rollcall.agent.outbox.OutboxLimits;
import io.rollcall.agent.probe.ScanOptions;
import io.rollcall.agent.schedule.AgentLoop;
import io.rollcall.agent.schedule.Intervals;
import io.rollcall.agent.schedule.MediaPoller;
import io.rollcall.agent.schedule.ReportFactory;
import io.rollcall.agent.schedule.ScheduleFile;
import io.rollcall.agent.schedule.WorkerRun;
import io.rollcall.agent.service.Scm;
import io.rollcall.agent.service.ScmServiceHost;
import io.rollcall.agent.state.AgentConfig;
import io.rollcall.agent.state.AgentState;
import io.rollcall.agent.state.StateStore;
import io.rollcall.agent.transport.Backoff;
import io.rollcall.agent.transport.CollectorClient;
import io.rollcall.agent.transport.Fingerprint;
import io.rollcall.agent.transport.Pem;
import io.rollcall.agent.transport.Sender;
import io.rollcall.agent.transport.TlsContexts;
import io.rollcall.common.report.ReportKind;
import io.rollcall.common.wire.WireJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/** The commands behind {@link AgentMain}; each returns an exit code or throws with a message for the user. */
final class Commands {
    static final UUID NIL_DEVICE = new UUID(0, 0);
    /** How long a Windows service stop waits for a scan or a delivery in flight before cutting it short. */
    static final Duration SERVICE_STOP_GRACE = Duration.ofSeconds(20);

    private final Environment env;
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    /** {@code --config FILE}: the installers' settings file, read again whenever the agent needs its token. */
    private Path configFile;

    Commands(Environment env, InputStream in, PrintStream out, PrintStream err) {
        this.env = env;
        this.in = in;
        this.out = out;
        this.err = err;
    }

    int run(Args args) throws Exception {
        StateStore store = new StateStore(args.option("--state") != null ? Path.of(args.option("--state"))
                : env.defaultStateDir());
        configFile = args.option("--config") == null ? null : Path.of(args.option("--config"));
        return switch (args.command()) {
            case "scan" -> scan(store);
            case "enroll" -> enroll(store, args);
            case "once" -> once(store);
            case "run" -> runLoop(store);
            case "service" -> service(store);
            case "tick" -> tick(store, args.flag("--service-start"), args.flag("--media"));
            case "status" -> status(store);
            case "explain" -> new ExplainCommands(env.probeSeams(), env.clock(), out).explain(store,
                    args.flag("--json"));
            case "capture" -> new ExplainCommands(env.probeSeams(), env.clock(), out).capture(store,
                    Path.of(args.required("--out")));
            default -> throw new Args.UsageException("unknown command '" + args.command() + "'");
        };
    }

    /** Prints what a full report would contain; touches neither the network nor the state directory. */
    private int scan(StateStore store) throws IOException {
        AgentState state = store.load();
        AgentConfig config = store.config();
        // without enrolment there is no saved salt: a throwaway one still shows that names are hashed
        String salt = state.deviceSalt() != null ? state.deviceSalt() : randomSalt();
        var scan = env.scannerIn(java.nio.file.Files.isDirectory(store.directory()) ? store.directory() : null).apply(new ScanOptions(salt, config.schoolAccountPattern())).scan();
        UUID device = state.deviceId() != null ? state.deviceId() : NIL_DEVICE;
        // what the next full report would carry: pending events, and history the collector has not acknowledged yet
        List<io.rollcall.common.report.MediaEvent> pending = Files.exists(store.directory().resolve(StateStore.EVENTS_FILE))
                ? store.pendingEvents().peek() : List.of();
        var built = new ReportFactory(device).build(ReportKind.FULL, env.clock().instant(), scan, pending,
                state.mediaHistorySentUpTo(), Map.of(), outboxDepth(store), state.dropped());
        // the wire form itself (software as a table), indented: exactly what would be sent, and no ObjectMapper built
        java.io.ByteArrayOutputStream json = new java.io.ByteArrayOutputStream();
        io.rollcall.common.wire.ReportWriter.write(built.report(), json, true);
        // JSON is UTF-8 (RFC 8259), whatever the console's charset: the bytes as the writer made them, which also
        // spares a cold scan decoding 100 KB into a string and encoding it again (BENCHMARKS.md, issue 13)
        json.writeTo(out);
        out.println();
        out.flush();
        return AgentMain.OK;
    }

    private int enroll(StateStore store, Args args) throws Exception {
        EnrolmentInputs inputs = EnrolmentInputs.resolve(args, in, err, store.load());
        try {
            CollectorClient.requireHttps(inputs.server());
            Fingerprint.parse(inputs.fingerprint());
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException(e.getMessage());
        }
        AgentState state = enroller(store).enroll(inputs.server(), inputs.token(), inputs.fingerprint());
        if (state.pending() != null) {
            out.printf("re-enrolment with %s waits for a technician's approval (request %s); %s; state in %s%n",
                    inputs.server(), state.pending().pendingId(),
                    state.hasCredential() && !state.pending().currentRefused()
                            ? "this device goes on reporting as " + state.deviceId() + " until then"
                            : "reports are kept until then", store.directory());
            return AgentMain.OK;
        }
        out.printf("enrolled with %s as device %s; state in %s%n", state.server(), state.deviceId(), store.directory());
        return AgentMain.OK;
    }

    private Enroller enroller(StateStore store) {
        return new Enroller(store, env.scannerIn(store.directory()), new SecureRandom(), env.httpTimeout(), env.clock());
    }

    /**
     * The token for enrolling again without a person: {@code --config}'s (a technician may have replaced a revoked
     * one there), else one an installer left in {@link EnrolmentFile}, else the one the last enrolment used.
     */
    private String reenrolmentToken(StateStore store) throws IOException {
        if (configFile != null && Files.isRegularFile(configFile)) { // absent: the service scripts pass it anyway
            String t = EnrolmentFile.loadValues(configFile).get(EnrolmentFile.TOKEN);
            if (t != null) {
                return t;
            }
        }
        Path left = store.directory().resolve(EnrolmentFile.FILE_NAME);
        String fromFile = Files.isRegularFile(left) ? EnrolmentFile.loadValues(left).get(EnrolmentFile.TOKEN) : null;
        return fromFile != null ? fromFile : store.load().enrollToken();
    }

    private int once(StateStore store) throws IOException {
        AgentLoop loop = loop(store);
        Instant now = env.clock().instant();
        loop.queue(ReportKind.FULL, now);
        Sender.DrainResult r = loop.send(now);
        if (r.outcome() == Sender.Outcome.DRAINED) {
            out.printf("delivered %d report(s)%s%n", r.delivered(),
                    r.rejected() > 0 ? String.format("; %d refused by the collector, kept in %s", r.rejected(),
                            store.outboxDirectory().resolve(Outbox.REJECTED_DIR)) : "");
            return r.rejected() > 0 ? AgentMain.FAILED : AgentMain.OK;
        }
        AgentState after = loop.state();
        String why = after.pending() != null ? String.format("waiting for a technician to approve re-enrolment request "
                + "%s (since %s)", after.pending().pendingId(), after.pending().since()) : r.message();
        err.printf("rollcall-agent: once: delivered %d, %d still queued in %s: %s%n", r.delivered(), r.remaining(),
                store.outboxDirectory(), why);
        return AgentMain.FAILED;
    }

    /** Enrols first from {@link EnrolmentFile} if needed (retrying while the collector is away), then loops. */
    private int runLoop(StateStore store) throws Exception {
        pendingEnrolment(store).ensureEnrolled();
        ScheduledExecutorService exec = startLoop(store);
        Runtime.getRuntime().addShutdownHook(new Thread(exec::shutdown, "rollcall-agent-shutdown"));
        while (!exec.awaitTermination(1, TimeUnit.HOURS)) {
            // the service runs until the JVM is asked to stop
        }
        return AgentMain.OK;
    }

    /**
     * Windows: answers the Service Control Manager and runs the same loop as {@code run} until the SCM stops it.
     * Elsewhere systemd and launchd run the agent in the foreground, so {@code service} is {@code run}.
     */
    private int service(StateStore store) throws Exception {
        if (!isWindows()) {
            return runLoop(store);
        }
        return new ScmServiceHost(Scm.windows(), () -> startService(store), err, SERVICE_STOP_GRACE.plusSeconds(10)).run();
    }

    /**
     * The Windows service's work. Enrolled: the loop. Not enrolled but the installer left {@link EnrolmentFile}:
     * enrols on a background thread (the SCM wants RUNNING within its wait hint, and the collector may be away for
     * hours) and then starts the loop. Neither: throws, and the SCM records the failure.
     */
    private ScmServiceHost.Running startService(StateStore store) throws Exception {
        var file = store.load().isEnrolled() ? Optional.<EnrolmentFile.Settings>empty() : EnrolmentFile.load(store.directory());
        if (file.isEmpty()) {
            pendingEnrolment(store).ensureEnrolled(); // returns at once when enrolled, else throws saying what is missing
            return stopper(startLoop(store));
        }
        CollectorClient.requireHttps(file.get().url()); // values that can never work fail now, not on the thread
        Fingerprint.parse(file.get().fingerprint());
        AtomicReference<ScheduledExecutorService> loop = new AtomicReference<>();
        Thread enrol = new Thread(() -> {
            try {
                pendingEnrolment(store).ensureEnrolled();
                synchronized (loop) {
                    if (!Thread.currentThread().isInterrupted()) {
                        loop.set(startLoop(store));
                    }
                }
            } catch (InterruptedException e) {
                // stopped while waiting to retry
            } catch (IOException | RuntimeException e) {
                err.println("rollcall-agent: service: " + e.getMessage());
                System.exit(AgentMain.FAILED); // the SCM's recovery actions restart the service
            }
        }, "rollcall-agent-enrol");
        enrol.setDaemon(true);
        enrol.start();
        return () -> {
            synchronized (loop) {
                enrol.interrupt();
            }
            enrol.join(SERVICE_STOP_GRACE.toMillis());
            ScheduledExecutorService exec = loop.get();
            if (exec != null) {
                stopper(exec).stop();
            }
        };
    }

    private static ScmServiceHost.Running stopper(ScheduledExecutorService exec) {
        return () -> {
            exec.shutdown();
            if (!exec.awaitTermination(SERVICE_STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
                exec.shutdownNow();
            }
        };
    }

    private PendingEnrolment pendingEnrolment(StateStore store) {
        return new PendingEnrolment(store, enroller(store)::enroll, Backoff.standard(env.clock()),
                d -> Thread.sleep(d.toMillis()));
    }

    /** Starts the loop in the background; throws, before anything runs, when this device is not enrolled. */
    private ScheduledExecutorService startLoop(StateStore store) throws IOException {
        AgentLoop loop = loop(store);
        AgentConfig config = store.config();
        Intervals intervals = Intervals.resolve(config, loop.state().reportIntervalSeconds());
        MediaPoller poller = new MediaPoller(env.mediaProbe().get(), store.pendingEvents(), env.clock());
        ScheduledExecutorService exec = loop.start(poller);
        out.printf("rollcall-agent running as device %s (full every %s, delta every %s, heartbeat every %s)%n",
                loop.state().deviceId(), intervals.full(), intervals.delta(), intervals.heartbeat());
        return exec;
    }

    /**
     * The resident service's worker: one {@link AgentLoop#tick} (after a media poll with {@code --media}) carried
     * over from and into {@link ScheduleFile}, then exit. Not enrolled yet: one enrolment attempt from
     * {@link EnrolmentFile}; the resident retries a failed one later with its own backoff.
     */
    private int tick(StateStore store, boolean serviceStart, boolean media) throws Exception {
        if (!store.load().isEnrolled()) {
            new PendingEnrolment(store, enroller(store)::enroll, Backoff.standard(env.clock()), d -> {
                throw new java.io.UncheckedIOException(new IOException("enrolment failed; the service tries again later"));
            }).ensureEnrolled();
        }
        Backoff backoff = Backoff.standard(env.clock());
        AgentState enrolled = store.load();
        Intervals intervals = Intervals.resolveForResident(store.config(), enrolled.reportIntervalSeconds());
        AgentLoop loop = loop(store, backoff, intervals);
        MediaPoller poller = media ? new MediaPoller(env.mediaProbe().get(), store.pendingEvents(), env.clock(),
                store.directory().resolve(MediaPoller.BASELINE_FILE)) : null;
        ScheduleFile.Schedule s = new WorkerRun(loop, backoff, intervals, new ScheduleFile(store.directory()),
                env.clock()).run(serviceStart, poller);
        out.printf("tick done; next run due %s%n", s == null ? "now" : s.next());
        return AgentMain.OK;
    }

    private AgentLoop loop(StateStore store) throws IOException {
        return loop(store, Backoff.standard(env.clock()));
    }

    private AgentLoop loop(StateStore store, Backoff backoff) throws IOException {
        return loop(store, backoff, null);
    }

    /** {@code intervals} {@code null}: {@link Intervals#resolve} (the in-process loop's defaults). */
    private AgentLoop loop(StateStore store, Backoff backoff, Intervals intervals) throws IOException {
        AgentState state = store.load();
        if (!state.isEnrolled()) {
            throw new IOException(String.format("this device is not enrolled (state directory %s); run "
                    + "'rollcall-agent enroll --server URL --token-file FILE --ca-fingerprint SHA256' first", store.directory()));
        }
        AgentConfig config = store.config();
        Sender.ClientSource client = () -> new CollectorClient(URI.create(state.server()),
                TlsContexts.trustingOnly(Pem.read(store.directory().resolve(state.caPemFile()))), env.httpTimeout());
        Outbox outbox = new Outbox(store.outboxDirectory(), OutboxLimits.of(config.outboxMaxFiles(), config.outboxMaxBytes()));
        var scanner = env.scannerIn(store.directory()).apply(new ScanOptions(state.deviceSalt(), config.schoolAccountPattern()));
        AgentLoop.Reenrolment reenrolment = () -> {
            String token = reenrolmentToken(store);
            if (token == null || token.isBlank()) {
                throw new IOException("no enrolment token kept in " + store.directory() + (configFile == null ? ""
                        : " or " + configFile) + "; run 'rollcall-agent enroll --token-file FILE'");
            }
            return enroller(store).reenrol(token);
        };
        return new AgentLoop(store, state, outbox, scanner, new Sender(outbox, client), backoff,
                intervals != null ? intervals : Intervals.resolve(config, state.reportIntervalSeconds()), env.clock(),
                reenrolment);
    }

    /** Read-only: reports on the state directory without creating anything in it. */
    private int status(StateStore store) throws IOException {
        AgentState s = store.load();
        out.printf("state directory: %s%s%n", store.directory(), Files.isDirectory(store.directory()) ? "" : " (missing)");
        if (s.isEnrolled()) {
            out.printf("enrolled:        yes%s%n", s.hasCredential() ? "" : " (waiting for approval: nothing is sent yet)");
            out.printf("server:          %s%n", s.server());
            out.printf("deviceId:        %s%n", s.deviceId());
        } else {
            out.printf("enrolled:        no (run 'rollcall-agent enroll --server URL --token-file FILE --ca-fingerprint SHA256')%n");
        }
        if (s.pending() != null) {
            out.printf("re-enrolment:    waiting for a technician's approval since %s (request %s)%s%n",
                    s.pending().since(), s.pending().pendingId(), s.hasCredential() && !s.pending().currentRefused()
                            ? "; reporting with the current credential meanwhile"
                            : s.hasCredential() ? "; the collector refused the current credential, reports are kept "
                            + "until then" : "; reports are kept until then");
        }
        out.printf("last full report queued: %s%n", s.lastFullAt() == null ? "never" : s.lastFullAt());
        out.printf("last delivery:   %s%n", s.lastDeliveryAt() == null ? "never" : s.lastDeliveryAt());
        out.printf("outbox:          %d report(s) waiting, %d rejected%n", outboxDepth(store), rejected(store));
        out.printf("pending media events: %d%n", Files.exists(store.directory().resolve(StateStore.EVENTS_FILE))
                ? store.pendingEvents().peek().size() : 0);
        out.printf("dropped:         %d heartbeat(s), %d report(s), %d media event(s)%n", s.dropped().heartbeats(),
                s.dropped().reports(), s.dropped().events());
        return AgentMain.OK;
    }

    private static int outboxDepth(StateStore store) throws IOException {
        return Files.isDirectory(store.outboxDirectory())
                ? new Outbox(store.outboxDirectory(), OutboxLimits.DEFAULT).depth() : 0;
    }

    private static long rejected(StateStore store) throws IOException {
        Path dir = store.outboxDirectory().resolve(Outbox.REJECTED_DIR);
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json.gz")).count();
        }
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    }

    private static String randomSalt() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
