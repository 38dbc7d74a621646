package io.rollcall.agent.probe;

import io.rollcall.agent.probe.media.MediaProbe;
import java.util.List;

/** The macOS probes. Only {@link SystemScanner}'s macOS branch touches this class. */
final class MacProbes {
    private MacProbes() {
    }

    static Scanner scanner(ScanOptions options) {
        return new PortableScanner("macos");
    }

    static MediaProbe mediaProbe() {
        return List::of;
    }
}
