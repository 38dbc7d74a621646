package io.rollcall.agent.probe;

/** Collects every section this system can report. Never throws: a failing probe becomes a {@code ProbeError}. */
public interface Scanner {
    ScanResult scan();

    /**
     * What a delta report needs: {@link #scan()} without what only full reports carry, the removable-media history
     * (deltas never carry it), so a delta does not run {@code journalctl} for nothing. Every section a delta hashes
     * is the same as {@link #scan()}'s; the media section's {@code events} is empty.
     */
    default ScanResult scanForDelta() {
        return scan();
    }
}
