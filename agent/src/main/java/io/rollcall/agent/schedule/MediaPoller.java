package io.rollcall.agent.schedule;

import io.rollcall.agent.probe.media.MediaProbe;
import io.rollcall.agent.state.PendingEvents;
import io.rollcall.common.report.MediaAction;
import io.rollcall.common.report.MediaDevice;
import io.rollcall.common.report.MediaEvent;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lists removable media and records what changed since the previous poll as {@link MediaEvent}s in the durable
 * pending-events file. The first poll only sets the baseline: what is connected at start is already in the full
 * report's {@code connected} list. Devices are matched by {@link MediaDevice#identityKey()}. Not thread-safe: one
 * poller thread.
 */
public final class MediaPoller {
    private final MediaProbe probe;
    private final PendingEvents events;
    private final Clock clock;
    private Map<String, MediaDevice> previous;

    public MediaPoller(MediaProbe probe, PendingEvents events, Clock clock) {
        this.probe = probe;
        this.events = events;
        this.clock = clock;
    }

    /** Polls once; returns whether any medium was connected since the last poll. */
    public boolean poll() throws IOException {
        Map<String, MediaDevice> now = byKey(probe.connected());
        if (previous == null) {
            previous = now;
            return false;
        }
        Instant at = clock.instant();
        boolean inserted = false;
        for (Map.Entry<String, MediaDevice> e : previous.entrySet()) {
            if (!now.containsKey(e.getKey())) {
                events.append(new MediaEvent(at, MediaAction.DISCONNECTED, e.getValue()));
            }
        }
        for (Map.Entry<String, MediaDevice> e : now.entrySet()) {
            if (!previous.containsKey(e.getKey())) {
                events.append(new MediaEvent(at, MediaAction.CONNECTED, e.getValue()));
                inserted = true;
            }
        }
        previous = now;
        return inserted;
    }

    private static Map<String, MediaDevice> byKey(List<MediaDevice> devices) {
        Map<String, MediaDevice> m = new LinkedHashMap<>();
        if (devices != null) {
            for (MediaDevice d : devices) {
                m.putIfAbsent(d.identityKey(), d);
            }
        }
        return m;
    }
}
