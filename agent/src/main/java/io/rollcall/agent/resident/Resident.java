package io.rollcall.agent.resident;

import io.rollcall.agent.schedule.ScheduleFile;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The resident service: {@code java -cp rollcall-agent.jar io.rollcall.agent.resident.Resident --state DIR
 * [--config FILE] [--worker-java-opts "FLAGS"]}. It only schedules and watches for removable media; every scan and
 * delivery runs in a short-lived worker ({@code rollcall-agent tick}, see {@link WorkerProcess}). It loads nothing
 * beyond {@code java.base} and this package (and, on Windows, the agent's SCM host with JNA), so its resident memory
 * stays small all day ({@code ResidentClassLoadingTest}).
 *
 * <p>The worker's JVM flags come from {@code --worker-java-opts} or else the environment variable
 * {@value #WORKER_OPTS_ENV}, split on white space.
 */
public final class Resident {
    public static final String WORKER_OPTS_ENV = "ROLLCALL_WORKER_JAVA_OPTS";
    /** Longer than any scan and delivery the service's CPU quota allows for; a worker past it is stuck. */
    static final Duration WORKER_TIMEOUT = Duration.ofMinutes(15);
    /** How often the media fingerprint is taken when the system's events could have been missed. */
    static final Duration MEDIA_CHECK_WITH_EVENTS = Duration.ofMinutes(1);

    static final String USAGE = """
            Usage: rollcall-agent resident --state DIR [--config FILE] [--worker-java-opts "FLAGS"]
              (java -cp rollcall-agent.jar io.rollcall.agent.resident.Resident …)

            The service: schedules reports and watches for removable media, running each scan and delivery in a
            short-lived worker (rollcall-agent tick … --state DIR --config FILE) on the same runtime. The worker's
            JVM flags: --worker-java-opts, else the environment variable ROLLCALL_WORKER_JAVA_OPTS. Stop it with
            SIGTERM (systemd, launchd) or the Service Control Manager (Windows), which also stops a running worker.
            --watch-dir DIR (tests) takes DIR's listing as the removable media instead of the system's.
            --one-step runs one step (a worker if due, which it is at start) and exits: the package's install runs it
            to list the classes of the resident's own class-data archive.
            """;

    private Resident() {
    }

    /** Set by the shutdown hook: the JVM is already exiting (SIGTERM, SIGINT). */
    private static volatile boolean shuttingDown;

    public static void main(String[] argv) {
        int code = run(argv, WorkerProcess.WORKER_MAIN, System.out, System.err);
        // stopped by a signal: System.exit would wait for the shutdown hook, which waits for this thread to end, and
        // the stop would take the hook's whole 20 s; returning lets the JVM finish exiting at once
        if (!shuttingDown) {
            System.exit(code);
        }
    }

    /**
     * Parses the command line and runs the service until stopped; returns the exit code. {@code workerMain} is the
     * worker's main class: tests give one that fakes the media probe.
     */
    public static int run(String[] argv, String workerMain, PrintStream out, PrintStream err) {
        Options o;
        try {
            o = Options.parse(Arrays.asList(argv), System.getenv(WORKER_OPTS_ENV));
        } catch (IllegalArgumentException e) {
            err.println("rollcall-agent resident: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        if (o.help) {
            out.print(USAGE);
            return 0;
        }
        Clock clock = Clock.systemUTC();
        List<String> agentArgs = new ArrayList<>(List.of("--state", o.state.toString()));
        if (o.config != null) {
            agentArgs.addAll(List.of("--config", o.config.toString()));
        }
        WorkerProcess worker = new WorkerProcess(o.workerOpts, System.getProperty("java.class.path"), workerMain,
                agentArgs, WORKER_TIMEOUT, clock, err);
        MediaWatch watch = o.watchDir != null ? MediaWatch.ofDirectory(o.watchDir, clock) : MediaWatch.forThisSystem(clock);
        ResidentLoop loop = new ResidentLoop(new ScheduleFile(o.state), worker, new WatchFingerprint(watch),
                watch.hasEvents() ? MEDIA_CHECK_WITH_EVENTS : null, clock, err);
        out.println("rollcall-agent resident: state " + o.state + "; worker: "
                + String.join(" ", worker.command(List.of("--media"))));
        if (o.oneStep) {
            // the install's class-data archive is dumped from this: the classes of one step, then out
            try {
                loop.step();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                watch.close();
            }
            return 0;
        }
        Stopper stop = new Stopper(loop, watch, worker);
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            return WindowsService.run(loop, watch, stop, err);
        }
        stop.main = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(new OnShutdown(stop), "rollcall-resident-stop"));
        try {
            loop.run(watch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            watch.close();
        }
        return 0;
    }

    // Named classes rather than lambdas: each lambda would bring java.lang.invoke's machinery into the resident.

    private static final class WatchFingerprint implements ResidentLoop.Fingerprint {
        private final MediaWatch watch;

        WatchFingerprint(MediaWatch watch) {
            this.watch = watch;
        }

        @Override
        public String get() {
            return watch.fingerprint();
        }
    }

    /** The shutdown hook: notes that the JVM is exiting, then stops as {@link Stopper} does. */
    private static final class OnShutdown implements Runnable {
        private final Stopper stop;

        OnShutdown(Stopper stop) {
            this.stop = stop;
        }

        @Override
        public void run() {
            shuttingDown = true;
            stop.run();
        }
    }

    /** Stops the loop, ends its wait and the worker in flight; as a shutdown hook, waits for the loop to end. */
    static final class Stopper implements Runnable {
        private final ResidentLoop loop;
        private final MediaWatch watch;
        private final WorkerProcess worker;
        volatile Thread main;

        Stopper(ResidentLoop loop, MediaWatch watch, WorkerProcess worker) {
            this.loop = loop;
            this.watch = watch;
            this.worker = worker;
        }

        @Override
        public void run() {
            loop.stop();
            watch.wake();
            worker.stop();
            Thread m = main;
            if (m != null) {
                try {
                    m.join(Duration.ofSeconds(20).toMillis());
                } catch (InterruptedException e) {
                    // the JVM is going away anyway
                }
            }
        }
    }

    /** The parsed command line. */
    record Options(Path state, Path config, List<String> workerOpts, Path watchDir, boolean help, boolean oneStep) {
        static Options parse(List<String> args, String envOpts) {
            Path state = null;
            Path config = null;
            String opts = null;
            Path watchDir = null;
            boolean help = false;
            boolean oneStep = false;
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                switch (a) {
                    case "--help" -> help = true;
                    case "--one-step" -> oneStep = true;
                    case "--state", "--config", "--worker-java-opts", "--watch-dir" -> {
                        if (i + 1 >= args.size()) {
                            throw new IllegalArgumentException("option '" + a + "' needs a value");
                        }
                        String v = args.get(++i);
                        switch (a) {
                            case "--state" -> state = Path.of(v);
                            case "--config" -> config = Path.of(v);
                            case "--worker-java-opts" -> opts = v;
                            default -> watchDir = Path.of(v);
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown option '" + a + "'");
                }
            }
            if (help) {
                return new Options(null, null, List.of(), null, true, false);
            }
            if (state == null) {
                throw new IllegalArgumentException("--state DIR is required");
            }
            if (watchDir != null && !Files.isDirectory(watchDir)) {
                throw new IllegalArgumentException("--watch-dir " + watchDir + " is not a directory");
            }
            String flags = opts != null ? opts : envOpts == null ? "" : envOpts;
            return new Options(state.toAbsolutePath().normalize(), config, words(flags), watchDir, false, oneStep);
        }

        /** Splits on white space without java.util.regex (which the resident would otherwise load for this alone). */
        static List<String> words(String s) {
            List<String> out = new ArrayList<>();
            int i = 0;
            while (i < s.length()) {
                while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                    i++;
                }
                int start = i;
                while (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
                    i++;
                }
                if (i > start) {
                    out.add(s.substring(start, i));
                }
            }
            return out;
        }
    }
}
