package io.rollcall.agent.cli;

import io.rollcall.agent.resident.Resident;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * {@code rollcall-agent <command> [options]}. Exit codes: 0 done, 1 failed (one line on stderr saying why; the
 * stack trace only with {@code --debug}), 2 the command line was wrong (usage on stderr).
 */
public final class AgentMain {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    static final String USAGE_TEXT = """
            Usage: rollcall-agent <command> [options]

            Commands:
              scan                      collect now and print the report JSON (no network; exactly what would be sent)
              enroll --server URL --token-file FILE --ca-fingerprint SHA256 [--state DIR]
                                        register this device with the collector, pinning its CA. The token may
                                        instead come on stdin (--token -) or from enroll.token in --config FILE
                                        (which may also give collector.url and ca.fingerprint); --token T works
                                        but shows the token to every local user (ps). Enrolling again sends the
                                        current credential, so the collector rotates it without approval
              once [--state DIR]        collect a full report, send it and everything queued; exit 0 only when all
                                        was delivered
              run [--state DIR]         the service loop: full report daily, deltas hourly, heartbeats, USB events;
                                        not enrolled yet: enrols first from enroll.ini in the state directory
                                        (collector.url, enroll.token, ca.fingerprint), retrying while unreachable
              status [--state DIR]      enrolment (and a re-enrolment waiting for approval), last delivery, outbox
                                        size, dropped counts
              service [--state DIR]     run's loop in one long-lived JVM for a service manager (on Windows answers
                                        the Service Control Manager); the installers run 'resident' instead
              tick [--service-start] [--media] [--state DIR] [--config FILE]
                                        one step of the service, then exit: with --media first compare removable
                                        media with the last run's, queue the report that is due (a full one with
                                        --service-start), send what waits (with backoff) and write schedule.txt
                                        for the resident service, which runs this as its worker
              resident --state DIR [--config FILE] [--worker-java-opts "FLAGS"]
                                        the service as installed: a small JVM that schedules and watches removable
                                        media and runs 'tick' in a short-lived worker JVM whenever something is due
                                        (worker flags: --worker-java-opts, else ROLLCALL_WORKER_JAVA_OPTS)
              explain [--json] [--state DIR]
                                        scan, then print for each probe every source it read (files, commands,
                                        registry keys, WMI queries) with what it found, and the verdict it reached
                                        (sections, reasons, per account for screen lock); no network
              capture --out FILE [--state DIR]
                                        write those raw sources as one zip (0600, at most 48 MiB before
                                        compression) with account, home and full names, the host name and all
                                        hashes replaced by placeholders, for a technician to attach when a reading
                                        looks wrong; no network

            Options:
              --config FILE             (run, service, once, tick) the installers' settings file: its enroll.token is
                                        used to enrol again when the collector refuses this device's credential
              --json                    (explain) print JSON instead of text
              --state DIR               state directory (default /var/lib/rollcall-agent as root,
                                        ~/.rollcall-agent otherwise)
              --debug                   print stack traces on failure
              --help                    this text
            """;

    private final Environment env;

    public AgentMain(Environment env) {
        this.env = env;
    }

    public static void main(String[] argv) {
        if (argv.length > 0 && "resident".equals(argv[0])) {
            // before anything else is touched: the resident service loads java.base and its own package only
            Resident.main(Arrays.copyOfRange(argv, 1, argv.length));
            return;
        }
        System.exit(new AgentMain(Environment.system()).run(argv, System.out, System.err));
    }

    /** Runs one command with {@link System#in} as its stdin; see {@link #run(String[], InputStream, PrintStream, PrintStream)}. */
    public int run(String[] argv, PrintStream out, PrintStream err) {
        return run(argv, System.in, out, err);
    }

    /** Runs one command; never throws and never exits the JVM, so tests can call it. */
    public int run(String[] argv, InputStream in, PrintStream out, PrintStream err) {
        Args args;
        try {
            args = Args.parse(Arrays.asList(argv));
        } catch (Args.UsageException e) {
            err.println("rollcall-agent: " + e.getMessage());
            err.print(USAGE_TEXT);
            return USAGE;
        }
        if (args.flag("--help")) {
            out.print(USAGE_TEXT);
            return OK;
        }
        try {
            return new Commands(env, in, out, err).run(args);
        } catch (Args.UsageException e) {
            err.println("rollcall-agent: " + e.getMessage());
            err.print(USAGE_TEXT);
            return USAGE;
        } catch (Exception | LinkageError e) {
            err.println("rollcall-agent: " + args.command() + " failed: " + message(e));
            if (args.flag("--debug")) {
                e.printStackTrace(err);
            }
            return FAILED;
        }
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
