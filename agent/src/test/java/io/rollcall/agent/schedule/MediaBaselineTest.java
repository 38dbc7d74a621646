package io.rollcall.agent.schedule;

import static io.rollcall.agent.transport.FakeReports.T0;
import static io.rollcall.agent.transport.FakeReports.stick;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.agent.state.PendingEvents;
import io.rollcall.common.report.MediaAction;
import io.rollcall.common.report.MediaDevice;
import io.rollcall.common.report.MediaEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The media baseline kept on disk: each poller here stands for one short-lived worker process. */
class MediaBaselineTest {
    @TempDir
    Path dir;
    final MediaPollerTest.FakeMediaProbe probe = new MediaPollerTest.FakeMediaProbe();

    private MediaPoller worker(long secondsAfterT0) {
        return new MediaPoller(probe, new PendingEvents(dir.resolve("events.jsonl")),
                Clock.fixed(T0.plusSeconds(secondsAfterT0), ZoneOffset.UTC), dir.resolve(MediaPoller.BASELINE_FILE));
    }

    private List<MediaEvent> events() throws Exception {
        return new PendingEvents(dir.resolve("events.jsonl")).peek();
    }

    @Test
    void onlyTheFirstPollEverSetsTheBaselineAndLaterProcessesCompareWithIt() throws Exception {
        probe.now.add(stick("ALREADY"));
        assertFalse(worker(0).poll(), "the very first poll is the baseline");
        assertTrue(Files.isRegularFile(dir.resolve(MediaPoller.BASELINE_FILE)));

        MediaDevice usb = stick("4C530001");
        probe.now.add(usb);
        assertTrue(worker(60).poll(), "plugged in while no worker ran: still an insert");
        assertFalse(worker(61).poll(), "the next worker starts from the moved baseline");
        probe.now.remove(usb);
        assertFalse(worker(120).poll());

        assertEquals(List.of(new MediaEvent(T0.plusSeconds(60), MediaAction.CONNECTED, usb),
                new MediaEvent(T0.plusSeconds(120), MediaAction.DISCONNECTED, usb)), events());
    }

    @Test
    void aStickInAndOutBeforeAnyWorkerLooksLeavesNoTraceButOneStillInIsNeverLost() throws Exception {
        assertFalse(worker(0).poll());
        MediaDevice a = stick("A");
        MediaDevice b = stick("B");
        probe.now.add(a);
        probe.now.add(b);
        MediaPoller w = worker(10);
        assertTrue(w.poll());
        probe.now.remove(a);
        assertFalse(w.poll(), "the same process goes on from memory");
        assertFalse(worker(20).poll(), "and the next from the file");
        assertEquals(List.of(MediaAction.CONNECTED, MediaAction.CONNECTED, MediaAction.DISCONNECTED),
                events().stream().map(MediaEvent::action).toList());
        assertEquals(1, events().stream().filter(e -> e.device().equals(b)).count());
    }

    @Test
    void anUnreadableBaselineIsReplacedByWhatIsConnectedNow() throws Exception {
        Files.writeString(dir.resolve(MediaPoller.BASELINE_FILE), "{not json");
        probe.now.add(stick("X"));
        assertFalse(worker(0).poll());
        assertFalse(worker(1).poll(), "the baseline was rewritten, so no event for a stick that did not move");
        assertEquals(List.of(), events());
    }
}
