package io.rollcall.agent.service;

import static io.rollcall.agent.service.ServiceStateMachine.ACCEPT_SHUTDOWN;
import static io.rollcall.agent.service.ServiceStateMachine.ACCEPT_STOP;
import static io.rollcall.agent.service.ServiceStateMachine.CONTROL_INTERROGATE;
import static io.rollcall.agent.service.ServiceStateMachine.CONTROL_SHUTDOWN;
import static io.rollcall.agent.service.ServiceStateMachine.CONTROL_STOP;
import static io.rollcall.agent.service.ServiceStateMachine.ERROR_CALL_NOT_IMPLEMENTED;
import static io.rollcall.agent.service.ServiceStateMachine.ERROR_SERVICE_SPECIFIC_ERROR;
import static io.rollcall.agent.service.ServiceStateMachine.NO_ERROR;
import static io.rollcall.agent.service.ServiceStateMachine.RUNNING;
import static io.rollcall.agent.service.ServiceStateMachine.START_PENDING;
import static io.rollcall.agent.service.ServiceStateMachine.STOPPED;
import static io.rollcall.agent.service.ServiceStateMachine.STOP_PENDING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServiceStateMachineTest {
    final ServiceStateMachine m = new ServiceStateMachine(Duration.ofSeconds(30));

    @Test
    void startingIsPendingWithProgressAndAcceptsNoControls() {
        assertEquals(new ServiceStatus(START_PENDING, 0, NO_ERROR, 0, 1, 30_000), m.starting());
    }

    @Test
    void runningAcceptsStopAndShutdown() {
        m.starting();
        assertEquals(new ServiceStatus(RUNNING, ACCEPT_STOP | ACCEPT_SHUTDOWN, NO_ERROR, 0, 0, 0), m.running());
    }

    @Test
    void stopWhileRunningGoesToStopPendingAndAsksForTheStopOnce() {
        m.starting();
        m.running();
        ServiceStateMachine.Reaction first = m.control(CONTROL_STOP);
        assertEquals(NO_ERROR, first.returnCode());
        assertTrue(first.stopRequested());
        assertEquals(new ServiceStatus(STOP_PENDING, 0, NO_ERROR, 0, 1, 30_000), first.report());

        ServiceStateMachine.Reaction again = m.control(CONTROL_SHUTDOWN);
        assertFalse(again.stopRequested(), "a second stop must not stop the work twice");
        assertEquals(STOP_PENDING, again.report().state());
    }

    @Test
    void shutdownStopsLikeStop() {
        m.starting();
        m.running();
        ServiceStateMachine.Reaction r = m.control(CONTROL_SHUTDOWN);
        assertTrue(r.stopRequested());
        assertEquals(STOP_PENDING, r.report().state());
    }

    @Test
    void aStopBeforeRunningChangesNothing() {
        m.starting();
        ServiceStateMachine.Reaction r = m.control(CONTROL_STOP);
        assertFalse(r.stopRequested());
        assertEquals(START_PENDING, r.report().state());
        assertEquals(RUNNING, m.running().state());
    }

    @Test
    void interrogateReportsTheCurrentStatusAndOtherControlsAreNotImplemented() {
        m.starting();
        ServiceStatus running = m.running();
        assertEquals(new ServiceStateMachine.Reaction(NO_ERROR, running, false), m.control(CONTROL_INTERROGATE));
        ServiceStateMachine.Reaction pause = m.control(2); // SERVICE_CONTROL_PAUSE: not accepted
        assertEquals(ERROR_CALL_NOT_IMPLEMENTED, pause.returnCode());
        assertNull(pause.report());
        assertEquals(running, m.current());
    }

    @Test
    void aCleanStopReportsNoErrorAndAFailureAServiceSpecificOne() {
        m.starting();
        m.running();
        m.control(CONTROL_STOP);
        assertEquals(new ServiceStatus(STOPPED, 0, NO_ERROR, 0, 0, 0), m.stopped(0));

        ServiceStateMachine failing = new ServiceStateMachine(Duration.ofSeconds(5));
        failing.starting();
        assertEquals(new ServiceStatus(STOPPED, 0, ERROR_SERVICE_SPECIFIC_ERROR, 1, 0, 0), failing.stopped(1));
    }

    @Test
    void outOfOrderStepsAreRefused() {
        assertThrows(IllegalStateException.class, m::running);
        assertThrows(IllegalStateException.class, () -> m.stopped(0));
        m.starting();
        assertThrows(IllegalStateException.class, m::starting);
        m.stopped(1);
        assertThrows(IllegalStateException.class, m::running);
        assertThrows(IllegalArgumentException.class, () -> new ServiceStateMachine(Duration.ofSeconds(-1)));
    }
}
