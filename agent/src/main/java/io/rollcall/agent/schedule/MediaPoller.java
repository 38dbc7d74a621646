package io.rollcall.agent.schedule;

import io.rollcall.agent.probe.media.MediaProbe;
import io.rollcall.agent.state.AtomicFiles;
import io.rollcall.agent.state.PendingEvents;
import io.rollcall.common.report.MediaAction;
import io.rollcall.common.report.MediaDevice;
import io.rollcall.common.report.MediaEvent;
import io.rollcall.common.wire.MediaJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists removable media and records what changed since the previous poll as {@link MediaEvent}s in the durable
 * pending-events file. The first poll only sets the baseline: what is connected at start is already in the full
 * report's {@code connected} list. Devices are matched by {@link MediaDevice#identityKey()}. Not thread-safe: one
 * poller thread.
 *
 * <p>With a baseline file ({@value #BASELINE_FILE} in the state directory) the previous poll's answer outlives the
 * process: the resident service's workers are short-lived, and a stick plugged in between two of them must still
 * become an event. Only the very first poll ever sets the baseline. The events are fsynced before the baseline
 * moves, so a crash between the two repeats an event rather than losing it. An unreadable baseline is treated as
 * none (a warning).
 */
public final class MediaPoller {
    /** Where the resident's workers keep the last poll's answer, in the state directory. */
    public static final String BASELINE_FILE = "media-baseline.json";
    private static final Logger LOG = LoggerFactory.getLogger(MediaPoller.class);

    private final MediaProbe probe;
    private final PendingEvents events;
    private final Clock clock;
    private final Path baselineFile;
    private Map<String, MediaDevice> previous;

    /** A poller whose baseline lives in memory: the in-process loop ({@code run}). */
    public MediaPoller(MediaProbe probe, PendingEvents events, Clock clock) {
        this(probe, events, clock, null);
    }

    /** A poller whose baseline is kept in {@code baselineFile} between processes ({@code null}: in memory). */
    public MediaPoller(MediaProbe probe, PendingEvents events, Clock clock, Path baselineFile) {
        this.probe = probe;
        this.events = events;
        this.clock = clock;
        this.baselineFile = baselineFile;
    }

    /** Polls once; returns whether any medium was connected since the last poll. */
    public boolean poll() throws IOException {
        Map<String, MediaDevice> now = byKey(probe.connected());
        if (previous == null && baselineFile != null) {
            previous = loadBaseline();
        }
        if (previous == null) {
            previous = now;
            saveBaseline(now);
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
        if (!previous.keySet().equals(now.keySet())) {
            saveBaseline(now);
        }
        previous = now;
        return inserted;
    }

    private Map<String, MediaDevice> loadBaseline() {
        if (!Files.isRegularFile(baselineFile)) {
            return null;
        }
        try {
            return byKey(MediaJson.readDevices(Files.readAllBytes(baselineFile)));
        } catch (IOException | RuntimeException e) {
            LOG.warn("{} is unreadable ({}); taking what is connected now as the baseline", baselineFile,
                    e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse(""));
            return null;
        }
    }

    private void saveBaseline(Map<String, MediaDevice> devices) throws IOException {
        if (baselineFile != null) {
            AtomicFiles.write(baselineFile, MediaJson.devices(List.copyOf(devices.values())));
        }
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
