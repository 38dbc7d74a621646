package io.rollcall.agent.service;

import static io.rollcall.agent.service.ServiceStateMachine.CONTROL_INTERROGATE;
import static io.rollcall.agent.service.ServiceStateMachine.CONTROL_SHUTDOWN;
import static io.rollcall.agent.service.ServiceStateMachine.CONTROL_STOP;
import static io.rollcall.agent.service.ServiceStateMachine.ERROR_CALL_NOT_IMPLEMENTED;
import static io.rollcall.agent.service.ServiceStateMachine.ERROR_SERVICE_SPECIFIC_ERROR;
import static io.rollcall.agent.service.ServiceStateMachine.RUNNING;
import static io.rollcall.agent.service.ServiceStateMachine.START_PENDING;
import static io.rollcall.agent.service.ServiceStateMachine.STOPPED;
import static io.rollcall.agent.service.ServiceStateMachine.STOP_PENDING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

/** The service protocol against a fake SCM that behaves like Windows' at the Advapi32 boundary. */
class ScmServiceHostTest {

    /**
     * Like the SCM: {@code dispatch} runs the service main on a thread of its own, waits until the service is
     * running (or has stopped), sends the scripted controls through the registered handler, and returns once the
     * service main is done. Every call is written to {@link #log}.
     */
    static final class FakeScm implements Scm {
        final List<Integer> controls;
        final List<String> log = Collections.synchronizedList(new ArrayList<>());
        final List<ServiceStatus> reports = Collections.synchronizedList(new ArrayList<>());
        final List<Integer> handlerResults = new ArrayList<>();
        final CountDownLatch settled = new CountDownLatch(1);
        volatile IntUnaryOperator handler;

        FakeScm(Integer... controls) {
            this.controls = List.of(controls);
        }

        @Override
        public void dispatch(String serviceName, Runnable serviceMain) throws IOException {
            log.add("dispatch " + serviceName);
            Thread main = new Thread(serviceMain, "fake-scm-service-main");
            main.start();
            try {
                assertTrue(settled.await(10, TimeUnit.SECONDS), "the service never reported RUNNING or STOPPED");
                for (int c : controls) {
                    handlerResults.add(handler.applyAsInt(c));
                }
                main.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            assertTrue(!main.isAlive(), "the service main did not return after its controls");
        }

        @Override
        public void register(String serviceName, IntUnaryOperator h) {
            log.add("register " + serviceName);
            handler = h;
        }

        @Override
        public void report(ServiceStatus status) {
            log.add("status " + status.state());
            reports.add(status);
            if (status.state() == RUNNING || status.state() == STOPPED) {
                settled.countDown();
            }
        }

        List<Integer> states() {
            return reports.stream().map(ServiceStatus::state).toList();
        }
    }

    final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    ScmServiceHost host(Scm scm, ScmServiceHost.Work work) {
        return new ScmServiceHost(scm, work, err, Duration.ofSeconds(30));
    }

    /** Work that writes its start and stop into the SCM's log, so the order against the statuses shows. */
    static ScmServiceHost.Work loggingWork(FakeScm scm) {
        return () -> {
            scm.log.add("work started");
            return () -> scm.log.add("work stopped");
        };
    }

    @Test
    void startsReportsRunningAndOnStopStopsTheWorkBeforeReportingStopped() throws Exception {
        FakeScm scm = new FakeScm(CONTROL_INTERROGATE, CONTROL_STOP);

        assertEquals(0, host(scm, loggingWork(scm)).run());

        assertEquals(List.of("dispatch RollcallAgent", "register RollcallAgent", "status " + START_PENDING,
                "work started", "status " + RUNNING, "status " + RUNNING, "status " + STOP_PENDING, "work stopped",
                "status " + STOPPED), scm.log);
        assertEquals(List.of(0, 0), scm.handlerResults);
        ServiceStatus stopped = scm.reports.get(scm.reports.size() - 1);
        assertEquals(0, stopped.win32ExitCode());
    }

    @Test
    void shutdownStopsTheServiceLikeStop() throws Exception {
        FakeScm scm = new FakeScm(CONTROL_SHUTDOWN);
        assertEquals(0, host(scm, loggingWork(scm)).run());
        assertEquals(List.of(START_PENDING, RUNNING, STOP_PENDING, STOPPED), scm.states());
        assertTrue(scm.log.indexOf("work stopped") < scm.log.indexOf("status " + STOPPED));
    }

    @Test
    void controlsTheServiceDoesNotHandleAreRefusedAndChangeNothing() throws Exception {
        FakeScm scm = new FakeScm(2 /* PAUSE */, 14 /* SESSIONCHANGE */, CONTROL_STOP);
        assertEquals(0, host(scm, loggingWork(scm)).run());
        assertEquals(List.of(ERROR_CALL_NOT_IMPLEMENTED, ERROR_CALL_NOT_IMPLEMENTED, 0), scm.handlerResults);
        assertEquals(List.of(START_PENDING, RUNNING, STOP_PENDING, STOPPED), scm.states());
    }

    @Test
    void workThatCannotStartIsReportedStoppedWithAServiceSpecificError() throws Exception {
        FakeScm scm = new FakeScm();
        int code = host(scm, () -> {
            throw new IOException("this device is not enrolled");
        }).run();

        assertEquals(1, code);
        assertEquals(List.of(START_PENDING, STOPPED), scm.states());
        ServiceStatus stopped = scm.reports.get(1);
        assertEquals(ERROR_SERVICE_SPECIFIC_ERROR, stopped.win32ExitCode());
        assertEquals(1, stopped.serviceExitCode());
        assertTrue(errBytes.toString(StandardCharsets.UTF_8).contains("this device is not enrolled"));
    }

    @Test
    void aStopThatFailsIsReportedAsAFailure() throws Exception {
        FakeScm scm = new FakeScm(CONTROL_STOP);
        int code = host(scm, () -> () -> {
            throw new IllegalStateException("outbox lock lost");
        }).run();
        assertEquals(1, code);
        assertEquals(ERROR_SERVICE_SPECIFIC_ERROR, scm.reports.get(scm.reports.size() - 1).win32ExitCode());
        assertTrue(errBytes.toString(StandardCharsets.UTF_8).contains("outbox lock lost"));
    }

    @Test
    void startedFromAConsoleTheDispatcherFailureReachesTheCaller() {
        Scm console = new Scm() {
            @Override
            public void dispatch(String serviceName, Runnable serviceMain) throws IOException {
                throw new IOException("'service' is run by the Windows service control manager");
            }

            @Override
            public void register(String serviceName, IntUnaryOperator handler) {
                throw new AssertionError("no handler without a dispatcher");
            }

            @Override
            public void report(ServiceStatus status) {
                throw new AssertionError("no status without a dispatcher");
            }
        };
        IOException e = assertThrows(IOException.class, () -> host(console, () -> () -> { }).run());
        assertTrue(e.getMessage().contains("service control manager"));
    }
}
