package io.rollcall.agent.service;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the agent as a Windows service: registers with the SCM, reports START_PENDING, starts the work, reports
 * RUNNING, and on STOP or SHUTDOWN reports STOP_PENDING, stops the work and reports STOPPED. Work that fails to
 * start is reported as STOPPED with a service-specific error, so the SCM logs it and the recovery actions apply.
 */
public final class ScmServiceHost {
    /** The service name the .msi installs ({@code ServiceInstall Name}). */
    public static final String SERVICE_NAME = "RollcallAgent";
    /** Exit code reported to the SCM when the work failed (the agent's own FAILED). */
    static final int FAILED = 1;

    /** The work the service does. */
    @FunctionalInterface
    public interface Work {
        /** Starts the work in the background and returns how to stop it; throws when it cannot start. */
        Running start() throws Exception;
    }

    /** Work that is running. */
    @FunctionalInterface
    public interface Running {
        /** Stops the work, waiting (bounded) for what is in flight; the state on disk stays consistent. */
        void stop() throws Exception;
    }

    private final Scm scm;
    private final Work work;
    private final PrintStream err;
    private final ServiceStateMachine machine;
    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile int exitCode = FAILED;

    public ScmServiceHost(Scm scm, Work work, PrintStream err, Duration waitHint) {
        this.scm = scm;
        this.work = work;
        this.err = err;
        this.machine = new ServiceStateMachine(waitHint);
    }

    /**
     * Hands the process to the SCM and returns when the service has stopped: 0 after a clean stop, 1 when the work
     * failed. Throws when the SCM cannot be reached (the process was started from a console).
     */
    public int run() throws IOException {
        scm.dispatch(SERVICE_NAME, this::serviceMain);
        return exitCode;
    }

    private void serviceMain() {
        try {
            scm.register(SERVICE_NAME, this::onControl);
            scm.report(machine.starting());
        } catch (IOException | RuntimeException e) {
            // without a handle nothing can be reported; dispatch returns and the process exits with FAILED
            err.println("rollcall-agent: service: cannot register with the service control manager: " + e.getMessage());
            return;
        }
        Running running;
        try {
            running = work.start();
        } catch (Exception e) {
            err.println("rollcall-agent: service failed to start: " + message(e));
            finish(FAILED);
            return;
        }
        if (!report(machine.running())) {
            stopQuietly(running);
            finish(FAILED);
            return;
        }
        awaitStop();
        finish(stopQuietly(running) ? 0 : FAILED);
    }

    /** On the SCM's control thread: decides, reports, and wakes the service thread; never blocks. */
    private int onControl(int control) {
        ServiceStateMachine.Reaction r = machine.control(control);
        if (r.report() != null) {
            report(r.report());
        }
        if (r.stopRequested()) {
            stop.countDown();
        }
        return r.returnCode();
    }

    private void awaitStop() {
        boolean interrupted = false;
        while (true) {
            try {
                stop.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // only a stop control ends the service
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean stopQuietly(Running running) {
        try {
            running.stop();
            return true;
        } catch (Exception e) {
            err.println("rollcall-agent: service: stopping failed: " + message(e));
            return false;
        }
    }

    private void finish(int code) {
        exitCode = code;
        report(machine.stopped(code));
    }

    private boolean report(ServiceStatus status) {
        try {
            scm.report(status);
            return true;
        } catch (IOException | RuntimeException e) {
            err.println("rollcall-agent: service: SetServiceStatus failed: " + e.getMessage());
            return false;
        }
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
