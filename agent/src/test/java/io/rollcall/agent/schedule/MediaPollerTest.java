package io.rollcall.agent.schedule;

import static io.rollcall.agent.transport.FakeReports.T0;
import static io.rollcall.agent.transport.FakeReports.stick;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.agent.probe.media.MediaProbe;
import io.rollcall.agent.state.PendingEvents;
import io.rollcall.common.report.MediaAction;
import io.rollcall.common.report.MediaDevice;
import io.rollcall.common.report.MediaEvent;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaPollerTest {
    @TempDir
    Path dir;

    /** A probe whose answer the test changes between polls. */
    static final class FakeMediaProbe implements MediaProbe {
        final List<MediaDevice> now = new ArrayList<>();

        @Override
        public List<MediaDevice> connected() {
            return List.copyOf(now);
        }
    }

    @Test
    void connectingAndRemovingAStickBecomeDurableEventsAndOnlyConnectingAsksForADelta() throws Exception {
        FakeMediaProbe probe = new FakeMediaProbe();
        MediaDevice already = stick("ALREADY");
        probe.now.add(already);
        PendingEvents events = new PendingEvents(dir.resolve("events.jsonl"));
        MediaPoller poller = new MediaPoller(probe, events, Clock.fixed(T0, ZoneOffset.UTC));

        assertFalse(poller.poll(), "the first poll is the baseline");
        assertEquals(List.of(), events.peek());

        MediaDevice usb = stick("4C530001");
        probe.now.add(usb);
        assertTrue(poller.poll());
        assertFalse(poller.poll(), "no change, no event");
        probe.now.remove(usb);
        assertFalse(poller.poll());

        assertEquals(List.of(new MediaEvent(T0, MediaAction.CONNECTED, usb),
                new MediaEvent(T0, MediaAction.DISCONNECTED, usb)), new PendingEvents(dir.resolve("events.jsonl")).peek());
    }

    @Test
    void twoSticksOfTheSameModelAreToldApartBySerial() throws Exception {
        FakeMediaProbe probe = new FakeMediaProbe();
        PendingEvents events = new PendingEvents(dir.resolve("events.jsonl"));
        MediaPoller poller = new MediaPoller(probe, events, Clock.fixed(T0, ZoneOffset.UTC));
        probe.now.add(stick("A"));
        poller.poll();
        probe.now.set(0, stick("B"));
        poller.poll();
        assertEquals(List.of(MediaAction.DISCONNECTED, MediaAction.CONNECTED),
                events.peek().stream().map(MediaEvent::action).toList());
    }
}
