package io.rollcall.agent.probe;

import io.rollcall.agent.probe.media.MediaProbe;

/**
 * The one place that picks the probes for the operating system this agent runs on.
 * PLACEHOLDER: the probe work replaces the bodies below.
 */
public final class SystemScanner {
    private SystemScanner() {
    }

    public static Scanner create(ScanOptions options) {
        throw new UnsupportedOperationException("probes not built yet");
    }

    public static MediaProbe mediaProbe() {
        throw new UnsupportedOperationException("probes not built yet");
    }
}
