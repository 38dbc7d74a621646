package io.rollcall.agent.service;

import java.time.Duration;

/**
 * The statuses a Windows service reports, given where it is and the controls the SCM sends: START_PENDING →
 * RUNNING → (STOP or SHUTDOWN) → STOP_PENDING → STOPPED, or START_PENDING → STOPPED with an error when the work
 * cannot start. Pure and thread-safe (the SCM's control thread and the service's own thread both use it); the
 * numbers are Windows' own ({@code winsvc.h}, {@code winerror.h}).
 */
public final class ServiceStateMachine {
    public static final int STOPPED = 1;
    public static final int START_PENDING = 2;
    public static final int STOP_PENDING = 3;
    public static final int RUNNING = 4;

    public static final int CONTROL_STOP = 1;
    public static final int CONTROL_INTERROGATE = 4;
    public static final int CONTROL_SHUTDOWN = 5;

    public static final int ACCEPT_STOP = 1;
    public static final int ACCEPT_SHUTDOWN = 4;

    public static final int NO_ERROR = 0;
    public static final int ERROR_CALL_NOT_IMPLEMENTED = 120;
    public static final int ERROR_SERVICE_SPECIFIC_ERROR = 1066;

    /**
     * What to do about one control.
     *
     * @param returnCode    what the control handler returns to the SCM
     * @param report        the status to report now, or {@code null} for none
     * @param stopRequested {@code true} exactly once: the first STOP or SHUTDOWN while running
     */
    public record Reaction(int returnCode, ServiceStatus report, boolean stopRequested) {
    }

    private final int waitHintMillis;
    private ServiceStatus current = new ServiceStatus(STOPPED, 0, NO_ERROR, 0, 0, 0);

    /** {@code waitHint}: how long starting or stopping may take between two reports. */
    public ServiceStateMachine(Duration waitHint) {
        if (waitHint.isNegative() || waitHint.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(String.format("waitHint was %s, must be ≥ 0 and fit in an int", waitHint));
        }
        this.waitHintMillis = (int) waitHint.toMillis();
    }

    public synchronized ServiceStatus current() {
        return current;
    }

    /** The first report, as soon as the control handler is registered. */
    public synchronized ServiceStatus starting() {
        require(current.state() == STOPPED && current.checkPoint() == 0, "starting");
        return current = new ServiceStatus(START_PENDING, 0, NO_ERROR, 0, 1, waitHintMillis);
    }

    /** The work has started: accept STOP and SHUTDOWN from now on. */
    public synchronized ServiceStatus running() {
        require(current.state() == START_PENDING, "running");
        return current = new ServiceStatus(RUNNING, ACCEPT_STOP | ACCEPT_SHUTDOWN, NO_ERROR, 0, 0, 0);
    }

    /** A control from the SCM; called on the SCM's thread, so it only decides and never blocks. */
    public synchronized Reaction control(int control) {
        return switch (control) {
            case CONTROL_STOP, CONTROL_SHUTDOWN -> stop();
            case CONTROL_INTERROGATE -> new Reaction(NO_ERROR, current, false);
            default -> new Reaction(ERROR_CALL_NOT_IMPLEMENTED, null, false);
        };
    }

    private Reaction stop() {
        if (current.state() == RUNNING) {
            current = new ServiceStatus(STOP_PENDING, 0, NO_ERROR, 0, 1, waitHintMillis);
            return new Reaction(NO_ERROR, current, true);
        }
        // already stopping, or not yet accepting controls: say where we are and change nothing
        return new Reaction(NO_ERROR, current, false);
    }

    /** The service stopped. {@code agentExitCode} 0 is a clean stop; anything else tells the SCM it failed. */
    public synchronized ServiceStatus stopped(int agentExitCode) {
        require(current.state() != STOPPED, "stopped");
        return current = agentExitCode == 0
                ? new ServiceStatus(STOPPED, 0, NO_ERROR, 0, 0, 0)
                : new ServiceStatus(STOPPED, 0, ERROR_SERVICE_SPECIFIC_ERROR, agentExitCode, 0, 0);
    }

    private void require(boolean ok, String step) {
        if (!ok) {
            throw new IllegalStateException(String.format("cannot go to %s from state %d", step, current.state()));
        }
    }
}
