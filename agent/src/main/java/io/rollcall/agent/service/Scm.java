package io.rollcall.agent.service;

import java.io.IOException;
import java.util.function.IntUnaryOperator;

/**
 * The Service Control Manager as the agent sees it: the three Advapi32 calls of the service protocol. The real one
 * is {@link JnaScm} (Windows only); tests drive {@link ScmServiceHost} through a fake.
 */
public interface Scm {

    /**
     * {@code StartServiceCtrlDispatcher}: connects to the SCM, runs {@code serviceMain} on a thread of the SCM's, and
     * returns only once the service has reported STOPPED. Fails when the process was not started by the SCM.
     */
    void dispatch(String serviceName, Runnable serviceMain) throws IOException;

    /**
     * {@code RegisterServiceCtrlHandlerEx}: from now on the SCM's controls go to {@code handler}, which returns the
     * handler's result code. Called first thing in {@code serviceMain}.
     */
    void register(String serviceName, IntUnaryOperator handler) throws IOException;

    /** {@code SetServiceStatus}. */
    void report(ServiceStatus status) throws IOException;

    /** The real SCM. Windows only: calling this loads JNA's Windows bindings. */
    static Scm windows() {
        return new JnaScm();
    }
}
