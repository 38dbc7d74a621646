package io.rollcall.collector;

import com.hazelcast.core.HazelcastInstance;
import io.rollcall.collector.cluster.ClusterFactory;
import io.rollcall.collector.auth.People;
import io.rollcall.collector.console.CompliancePage;
import io.rollcall.collector.console.Console;
import io.rollcall.collector.console.ConsoleModule;
import io.rollcall.collector.console.DevicePages;
import io.rollcall.collector.console.HomePages;
import io.rollcall.collector.compliance.ComplianceHandlers;
import io.rollcall.collector.compliance.ComplianceReportHandlers;
import io.rollcall.collector.compliance.ComplianceReports;
import io.rollcall.collector.compliance.SnapshotJob;
import io.rollcall.collector.compliance.FindingQueries;
import io.rollcall.collector.db.Database;
import io.rollcall.collector.devices.DeviceHandlers;
import io.rollcall.collector.devices.DeviceQueries;
import io.rollcall.collector.enrollment.EnrollmentHandlers;
import io.rollcall.collector.enrollment.EnrollmentService;
import io.rollcall.collector.findings.Policy;
import io.rollcall.collector.findings.RuleEngine;
import io.rollcall.collector.cluster.SettingsVersions;
import io.rollcall.collector.licences.LicenceHandlers;
import io.rollcall.collector.licences.LicenceService;
import io.rollcall.collector.licences.LicenceStore;
import io.rollcall.collector.media.MediaHandlers;
import io.rollcall.collector.media.MediaStore;
import io.rollcall.collector.policy.FleetReevaluator;
import io.rollcall.collector.policy.PolicyHandlers;
import io.rollcall.collector.policy.PolicyReevaluation;
import io.rollcall.collector.policy.PolicyStore;
import io.rollcall.collector.software.CatalogueService;
import io.rollcall.collector.software.CatalogueStore;
import io.rollcall.collector.software.InstallIndex;
import io.rollcall.collector.software.Renormaliser;
import io.rollcall.collector.software.SoftwareHandlers;
import io.rollcall.collector.software.SoftwareService;
import io.rollcall.collector.software.TitleEvaluator;
import io.rollcall.collector.firstrun.FirstRun;
import io.rollcall.collector.firstrun.FirstRunResult;
import io.rollcall.collector.firstrun.TokenHashes;
import io.rollcall.collector.http.ApiModule;
import io.rollcall.collector.http.ApiRouter;
import io.rollcall.collector.http.HttpVerticle;
import io.rollcall.collector.http.Tokens;
import io.rollcall.collector.ingest.EnrollService;
import io.rollcall.collector.ingest.IngestHandlers;
import io.rollcall.collector.ingest.IngestReads;
import io.rollcall.collector.ingest.IngestService;
import io.rollcall.collector.stale.StaleDevices;
import io.rollcall.collector.stale.StaleSweep;
import io.rollcall.collector.jobs.ClusterJobs;
import io.rollcall.collector.jobs.JobHandlers;
import io.rollcall.collector.jobs.CollectorJobs;
import io.rollcall.collector.tls.CertificateAuthority;
import io.rollcall.collector.tls.ServerNames;
import io.rollcall.common.wire.ReportCodec;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.WorkerExecutor;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running collector: TLS material and first-run secrets, the database (migrated), the Hazelcast
 * member, and the Vert.x HTTPS server. {@link #start} returns once it is serving; {@link #close}
 * stops it in reverse order.
 */
public final class Collector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Collector.class);
    /** Where the enrolment page finds built installers to offer. */
    public static final String INSTALLERS_DIR_ENV = "ROLLCALL_INSTALLERS_DIR";

    private final Vertx vertx;
    private final HazelcastInstance hz;
    private final Database db;
    private final IngestService ingest;
    private List<ApiRouter.RouteSpec> routes = List.of();
    private io.rollcall.collector.reminders.OverdueReminders reminders;
    private StaleSweep staleSweep;
    private io.rollcall.collector.bookings.BookingFeature bookingFeature;
    private io.rollcall.collector.alerts.AlertService alerts;
    private ClusterJobs jobs;
    private People people;
    private Console console;
    private io.rollcall.collector.metrics.CollectorMetrics metrics;
    private final int port;
    private final FirstRunResult firstRun;
    private final CertificateAuthority ca;
    private final String url;
    private final java.nio.file.Path dataDir;

    private Collector(Vertx vertx, HazelcastInstance hz, Database db, IngestService ingest, int port,
                      FirstRunResult firstRun, CertificateAuthority ca, String url, java.nio.file.Path dataDir) {
        this.dataDir = dataDir;
        this.vertx = vertx;
        this.hz = hz;
        this.db = db;
        this.ingest = ingest;
        this.port = port;
        this.firstRun = firstRun;
        this.ca = ca;
        this.url = url;
    }

    public static Collector start(CollectorConfig cfg, Map<String, String> env) throws Exception {
        return start(cfg, env, Clock.systemUTC());
    }

    public static Collector start(CollectorConfig cfg, Map<String, String> env, Clock clock) throws Exception {
        io.rollcall.collector.firstrun.DataDirectory.secure(cfg.dataDir());
        List<String> names = new ArrayList<>(cfg.extraNames());
        names.add(cfg.publicHost());
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(cfg.dataDir(), ServerNames.forThisHost(names));

        Database db = Database.open(cfg.jdbcUrl() != null ? cfg.jdbcUrl() : Database.embeddedUrl(cfg.dataDir()),
                cfg.jdbcUser(), cfg.jdbcPassword(), cfg.effectiveJdbcPoolSize());
        HazelcastInstance hz = null;
        Vertx vertx = null;
        // issue 14: GET /metrics; built first because Vert.x reports to it from its creation
        io.rollcall.collector.metrics.CollectorMetrics metrics = new io.rollcall.collector.metrics.CollectorMetrics();
        try {
            hz = ClusterFactory.start(cfg.clusterName(), cfg.members(), cfg.hazelcastPort(), cfg.clusterOptions(), db);
            var devices = ClusterFactory.devices(hz);
            // once-only work (sweeps, snapshots, reminders) runs on one node per period under a lease per job
            ClusterJobs jobs = new ClusterJobs(hz, clock, cfg.jobs().lease());
            SettingsVersions versions = ClusterFactory.settingsVersions(hz);
            MediaStore mediaStore = new MediaStore(db);
            PolicyStore policy = new PolicyStore(db, mediaStore, versions);
            CatalogueService catalogue = new CatalogueService(new CatalogueStore(db), versions);
            // issue 17: a device in a group with its own thresholds is judged by them (strictest of its groups)
            var groups = new io.rollcall.collector.groups.GroupService(db, versions, clock);
            RuleEngine engine = new RuleEngine(catalogue).withDevicePolicy(groups);
            // one settings check per report: the catalogue and the policy are reloaded only when changed
            Supplier<Policy> forIngest = () -> {
                catalogue.refresh();
                return policy.get();
            };
            LicenceService licences = new LicenceService(new LicenceStore(db), catalogue, clock);
            TitleEvaluator titleEvaluator = new TitleEvaluator(db, catalogue, licences, policy, engine, clock);
            titleEvaluator.findingEvents(metrics);
            SoftwareService software = new SoftwareService(catalogue, titleEvaluator,
                    ClusterFactory.titleLocks(hz), clock);
            licences.bind(software);

            vertx = metrics.vertx(new VertxOptions().setPreferNativeTransport(false));
            WorkerExecutor blocking = vertx.createSharedWorkerExecutor("rollcall-blocking", cfg.workerPoolSize());
            DeviceQueries deviceQueries = new DeviceQueries(db);
            IngestService ingest = new IngestService(db, devices, new IngestReads(db), deviceQueries,
                    engine, forIngest, clock, catalogue, new InstallIndex(db), software::licensedTitlesChanged);
            ingest.findingEvents(metrics);
            metrics.watchWriterQueue(ingest::writerQueueDepth);
            metrics.watchSoftwareIndex(ingest.indexer());
            ReportCodec codec = new ReportCodec(clock); // one per node: it remembers the list members it inflated
            metrics.watchListMembers(codec);
            metrics.watchPool(db.dataSource());
            metrics.watchCluster(hz);
            FleetReevaluator fleet = new FleetReevaluator(db, ingest::reevaluate);
            groups.reevaluateWith(fleet::these);

            // first-run secrets are created after the port is known, so the URL in first-run.json is the real one
            TokenHolder tokens = new TokenHolder();
            // enrolment tokens and re-enrolments waiting for approval (issue 11)
            var enrollTokens = new io.rollcall.collector.enrollment.EnrollTokens(db, tokens, clock);
            var pendingEnrolments = new io.rollcall.collector.enrollment.PendingEnrolments(db, devices, clock);
            EnrollService enroll = new EnrollService(db, devices, enrollTokens, pendingEnrolments, clock,
                    cfg.reportIntervalSeconds(), io.rollcall.collector.auth.FailureLimiter.of(hz, clock),
                    new io.rollcall.collector.auth.FailureLimiter(hz.getMap(io.rollcall.collector.auth.FailureLimiter.MAP),
                            clock, java.time.Duration.ofMinutes(1)));
            FindingQueries findingQueries = new FindingQueries(db);
            // each feature's authenticated routes; the order here is the order in the route table
            List<ApiModule> modules = new ArrayList<>();
            var assetService = new io.rollcall.collector.assets.AssetService(db, clock);
            var peopleService = new io.rollcall.collector.people.PeopleService(db, clock);
            var loanService = new io.rollcall.collector.loans.LoanService(db, clock, cfg.loans());
            modules.add(new io.rollcall.collector.assets.AssetHandlers(blocking, assetService));
            modules.add(new io.rollcall.collector.people.PeopleHandlers(blocking, peopleService));
            // issue 16: reservations and acknowledgement links; their loan routes go first ("unacknowledged" is no loan id)
            var bookingFeature = new io.rollcall.collector.bookings.BookingFeature(db, hz, clock, cfg, blocking, loanService);
            modules.add(bookingFeature.ackApi());
            modules.add(new io.rollcall.collector.loans.LoanHandlers(blocking, loanService));
            // issue 16: sets, the desk (batches and returns by scanning) and label sheets
            var batchLoans = new io.rollcall.collector.loans.BatchLoans(db, clock, cfg.loans());
            // a desk batch asks the bookings too, and its borrower gets one acknowledgement link
            batchLoans.guardLending(io.rollcall.collector.bookings.BookingService::refuseBooked);
            batchLoans.onLent(bookingFeature::batchLent);
            var setService = new io.rollcall.collector.sets.SetService(db, clock, cfg.loans().deviceSilentDays());
            modules.add(new io.rollcall.collector.sets.SetHandlers(blocking, setService, batchLoans));
            modules.add(new io.rollcall.collector.desk.DeskHandlers(blocking, new io.rollcall.collector.desk.DeskCheck(db, clock), batchLoans));
            modules.add(new io.rollcall.collector.labels.LabelHandlers(blocking, db, setService, cfg.loans().schoolName()));
            modules.add(bookingFeature.api());
            io.rollcall.collector.reminders.OverdueReminders reminders = startReminders(jobs, hz, db, clock, cfg);
            ComplianceReports reports = new ComplianceReports(db, findingQueries);
            modules.add(new ComplianceReportHandlers(blocking, reports, findingQueries, policy, clock));
            var evidence = new io.rollcall.collector.evidence.EvidenceMapping(db,
                    io.rollcall.collector.evidence.ControlCatalogue.shipped(), engine.rules().stream()
                    .map(io.rollcall.collector.findings.Rule::id).collect(java.util.stream.Collectors.toSet()), clock);
            var termlyPack = new io.rollcall.collector.evidence.TermlyPack(db, evidence, findingQueries, reports,
                    new io.rollcall.collector.evidence.TermSettings(db, clock), clock);
            modules.add(new io.rollcall.collector.evidence.EvidenceHandlers(blocking, evidence,
                    new io.rollcall.collector.evidence.TermSettings(db, clock), termlyPack, cfg.loans().schoolName(), clock));
            modules.add(new io.rollcall.collector.groups.GroupHandlers(blocking, groups));
            // issue 16: recalls and the physical audit (stock-take)
            var recalls = new io.rollcall.collector.recalls.RecallService(db, clock);
            var stocktake = new io.rollcall.collector.stocktake.StocktakeService(db, clock);
            modules.add(new io.rollcall.collector.recalls.RecallHandlers(blocking, recalls));
            modules.add(new io.rollcall.collector.stocktake.StocktakeHandlers(blocking, stocktake));
            People people = People.start(db, hz, blocking, clock);
            modules.addAll(people.apiModules());
            // console pages; each feature adds its own ConsoleModule here, as with the API modules
            AtomicReference<String> consoleUrl = new AtomicReference<>("");
            List<ConsoleModule> pages = new ArrayList<>();
            var sso = io.rollcall.collector.sso.SsoFeature.start(db, hz, blocking, people, consoleUrl::get, clock);
            modules.add(sso.api());
            var alerts = io.rollcall.collector.alerts.Alerts.start(db, loanService, cfg.loans().mail().enabled()
                    ? new io.rollcall.collector.reminders.Mailer(cfg.loans().mail()) : null, blocking, clock, consoleUrl::get);
            modules.add(alerts.api());
            pages.add(new DevicePages(deviceQueries, findingQueries, policy, clock,
                    engine.rules().stream().map(io.rollcall.collector.findings.Rule::id).toList()));
            pages.add(new CompliancePage(findingQueries, reports, policy, clock).withGroups(groups));
            pages.add(new io.rollcall.collector.console.TermlyPackPage(termlyPack, groups));
            pages.add(new io.rollcall.collector.console.EvidencePages(evidence));
            pages.add(new io.rollcall.collector.console.GroupPages(groups));
            EnrollmentService enrollment = new EnrollmentService(consoleUrl::get, ca.caFingerprintSha256(),
                    cfg.dataDir(), installersDir(cfg, env), env.get(FirstRun.ENROLL_TOKEN_ENV), enrollTokens);
            pages.add(new HomePages(deviceQueries, policy, clock, enrollment, loanService));
            pages.add(new io.rollcall.collector.console.EnrolmentPages(enrollTokens, pendingEnrolments, clock));
            var interop = new io.rollcall.collector.interop.Interop(db, devices, enrollTokens, ingest, hz, clock,
                    cfg.reportIntervalSeconds());
            pages.add(interop.console()); // devices of FusionInventory / OCS agents (issue 15)
            pages.add(new io.rollcall.collector.console.AssetPages(assetService));
            pages.add(new io.rollcall.collector.console.LoanListPage(loanService, peopleService));
            pages.add(new io.rollcall.collector.console.LoanPages(loanService, peopleService));
            pages.add(new io.rollcall.collector.console.StaffPages(peopleService));
            pages.add(new io.rollcall.collector.console.DeskPages(batchLoans, peopleService, setService));
            pages.add(new io.rollcall.collector.console.SetPages(setService));
            pages.add(new io.rollcall.collector.console.LabelPages(setService));
            pages.add(bookingFeature.pages(peopleService));
            MediaHandlers mediaHandlers = new MediaHandlers(blocking, mediaStore, policy, fleet, clock);
            // a policy change re-evaluates the fleet on the worker pool, after the PUT (or the form) has answered
            PolicyReevaluation policyRuns = new PolicyReevaluation(hz, fleet, () -> policy.snapshot().version(),
                    work -> blocking.executeBlocking(() -> {
                        work.run();
                        return null;
                    }, false), clock);
            PolicyHandlers policyHandlers = new PolicyHandlers(blocking, policy, engine, policyRuns, clock);
            pages.add(new io.rollcall.collector.console.SoftwarePages(software, catalogue));
            pages.add(new io.rollcall.collector.console.LicencePages(licences));
            pages.add(new io.rollcall.collector.console.MediaPages(mediaHandlers));
            pages.add(new io.rollcall.collector.console.PolicyPage(policyHandlers));
            // issue 16: recalls and the physical audit
            pages.add(new io.rollcall.collector.console.RecallPages(recalls));
            pages.add(new io.rollcall.collector.console.StocktakePages(stocktake));
            pages.addAll(sso.pages());
            pages.add(alerts.page());
            Console console = people.console(blocking, pages);
            List<HttpVerticle.PublicModule> publicModules = new ArrayList<>(people.publicModules());
            publicModules.add(bookingFeature.ackPages(people.audit()));
            publicModules.add(interop.routes(blocking)); // POST /ocsinventory (issue 15)
            publicModules.add(sso.routes());
            console.signInOptions(sso::buttons);
            publicModules.add(new io.rollcall.collector.metrics.MetricsRoutes(metrics, cfg.metrics(),
                    new io.rollcall.collector.metrics.Readiness(vertx, db, hz, java.time.Duration.ofSeconds(2)), blocking));
            modules.add(new EnrollmentHandlers(blocking, enrollment));
            modules.add(new io.rollcall.collector.enrollment.EnrollmentControlHandlers(blocking, enrollTokens,
                    pendingEnrolments, clock));
            Renormaliser renormaliser = new Renormaliser(db, catalogue, new InstallIndex(db), deviceQueries, devices,
                    ingest::reevaluate, software, clock);
            modules.add(new SoftwareHandlers(blocking, software, catalogue, renormaliser, clock));
            modules.add(new LicenceHandlers(blocking, licences));
            modules.add(mediaHandlers);
            modules.add(policyHandlers);
            modules.add(new JobHandlers(blocking, jobs));
            modules.add(interop.api(blocking)); // GET /api/v1/interop/... (issue 15)
            HttpVerticle.Handlers handlers = new HttpVerticle.Handlers(
                    new IngestHandlers(blocking, enroll, ingest, devices, codec),
                    new DeviceHandlers(blocking, deviceQueries, findingQueries, policy, clock),
                    new ComplianceHandlers(blocking, findingQueries, policy, clock),
                    people.authenticator()::handle, people.audit(), Collector::health, modules, publicModules);
            List<HttpVerticle> instances = new ArrayList<>();
            vertx.deployVerticle(() -> {
                HttpVerticle v = new HttpVerticle(handlers, cfg.bindHost(), cfg.port(), ca.serverCertChainPath(), ca.serverKeyPath());
                synchronized (instances) {
                    instances.add(v);
                }
                return v;
            }, new DeploymentOptions().setInstances(Math.max(1, cfg.httpInstances())))
                    .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            int actualPort = instances.get(0).actualPort();
            String url = FirstRun.url(cfg.publicHost(), actualPort);
            consoleUrl.set(url);
            bookingFeature.publicUrl(url);
            FirstRunResult fr = FirstRun.initialise(cfg.dataDir(), ca.caFingerprintSha256(), url, env,
                    new java.security.SecureRandom());
            tokens.set(fr.tokenHashes());
            people.importFirstRunAdminToken(cfg.dataDir());
            enrollTokens.importFirstRun(cfg.dataDir());
            // the database files H2 created just now follow the umask: owner-only, like the rest
            io.rollcall.collector.firstrun.DataDirectory.secure(cfg.dataDir());
            Collector c = new Collector(vertx, hz, db, ingest, actualPort, fr, ca, url, cfg.dataDir());
            c.people = people;
            c.console = console;
            java.time.Duration staleEvery = java.time.Duration.ofMinutes(Math.max(1, cfg.staleSweepMinutes()));
            c.metrics = metrics;
            // issue 16: recall reminders and the head's list, a cluster job (before jobs.start below)
            io.rollcall.collector.recalls.RecallReminders.register(jobs, db, clock, cfg.loans(), cfg.jobs());
            c.staleSweep = new StaleSweep(hz.getMap(SnapshotJob.MAP), new StaleDevices(db), policy, ingest::reevaluate,
                    clock, staleEvery);
            CollectorJobs.register(jobs, cfg, new SnapshotJob(reports, clock), c.staleSweep, staleEvery, policyRuns,
                    reminders);
            bookingFeature.registerJobs(jobs);
            alerts.register(jobs, cfg.jobs());
            jobs.start(vertx, blocking, cfg.jobs().tick());
            c.jobs = jobs;
            c.routes = instances.get(0).routes();
            c.reminders = reminders;
            c.bookingFeature = bookingFeature;
            c.alerts = alerts.service();
            LOG.info("collector serving {} (CA fingerprint {})", url, ca.caFingerprintSha256());
            return c;
        } catch (Exception | Error e) {
            if (vertx != null) {
                vertx.close();
            }
            if (hz != null) {
                hz.shutdown();
            }
            db.close();
            metrics.close();
            throw e;
        }
    }

    /**
     * The overdue-loan reminders, run as a cluster job (one node at a time, see {@link CollectorJobs}); each reminder
     * is sent once cluster-wide (see {@link io.rollcall.collector.reminders.OverdueReminders}). Off without an SMTP host.
     */
    private static io.rollcall.collector.reminders.OverdueReminders startReminders(ClusterJobs jobs,
            HazelcastInstance hz, Database db, Clock clock, CollectorConfig cfg) {
        if (!cfg.loans().mail().enabled()) {
            return null;
        }
        var r = new io.rollcall.collector.reminders.OverdueReminders(db, ClusterFactory.loanReminderClaims(hz),
                new io.rollcall.collector.reminders.Mailer(cfg.loans().mail()), clock, cfg.loans(), jobs.node(),
                jobs::isMember);
        return r;
    }

    /** The cluster's scheduled jobs as this node runs them. */
    public ClusterJobs jobs() {
        return jobs;
    }

    /** The overdue-reminder sender, or {@code null} when no SMTP host is configured. */
    public io.rollcall.collector.reminders.OverdueReminders reminders() {
        return reminders;
    }

    /** Issue 16: reservations and acknowledgement links. */
    public io.rollcall.collector.bookings.BookingFeature bookings() {
        return bookingFeature;
    }

    /** Issue 17's alerts: scans and deliveries, run by the cluster jobs and callable directly. */
    public io.rollcall.collector.alerts.AlertService alerts() {
        return alerts;
    }

    /** The stale-device sweep; scheduled unless {@code stale.sweep.minutes} is 0, and callable directly either way. */
    public StaleSweep staleSweep() {
        return staleSweep;
    }

    /** Built installers the enrolment page offers: {@code ROLLCALL_INSTALLERS_DIR}, else {@code DATA/installers}. */
    private static java.nio.file.Path installersDir(CollectorConfig cfg, Map<String, String> env) {
        String dir = env.get(INSTALLERS_DIR_ENV);
        return dir == null || dir.isBlank() ? cfg.dataDir().resolve("installers") : java.nio.file.Path.of(dir);
    }

    private static Map<String, Object> health() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "UP");
        return m;
    }

    /** The authenticated API routes and the roles each allows, as mounted. */
    public List<ApiRouter.RouteSpec> routes() {
        return routes;
    }

    public int port() {
        return port;
    }

    public String url() {
        return url;
    }

    public FirstRunResult firstRun() {
        return firstRun;
    }

    /** The console banner with the tokens, available only on the first start. */
    public String banner() {
        return FirstRun.banner(firstRun, dataDir);
    }

    public String caFingerprint() {
        return ca.caFingerprintSha256();
    }

    public HazelcastInstance hazelcast() {
        return hz;
    }

    /** The install indexer of this node (issue 14: the index follows the acknowledgement). */
    public io.rollcall.collector.software.SoftwareIndexer softwareIndexer() {
        return ingest.indexer();
    }

    public Database database() {
        return db;
    }

    /** The web console, with the pages it mounted. */
    public Console console() {
        return console;
    }

    /** Users, sessions, tokens and the audit log. */
    public People people() {
        return people;
    }

    @Override
    public void close() {
        if (jobs != null) {
            jobs.close();
        }
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("vert.x did not stop cleanly: {}", e.toString());
        }
        ingest.close();
        if (people != null) {
            people.close();
        }
        hz.shutdown();
        db.close();
        if (metrics != null) {
            metrics.close();
        }
    }

    /** Token checks, bound once the first-run secrets exist. */
    private static final class TokenHolder implements Tokens {
        private volatile TokenHashes hashes;

        void set(TokenHashes h) {
            this.hashes = h;
        }

        @Override
        public boolean isEnrollToken(String candidate) {
            TokenHashes h = hashes;
            return h != null && h.verifyEnrollToken(candidate);
        }

        @Override
        public boolean isAdminToken(String candidate) {
            TokenHashes h = hashes;
            return h != null && h.verifyAdminToken(candidate);
        }
    }
}
