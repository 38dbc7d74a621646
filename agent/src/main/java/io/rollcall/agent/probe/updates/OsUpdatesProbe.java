package io.rollcall.agent.probe.updates;

/**
 * Whether the OS is serviced and recently updated, on one system. Never throws: what cannot be read makes the answer
 * {@code unknown} with the reason.
 */
public interface OsUpdatesProbe {
    OsUpdatesReading read();

    /** Runs {@code probe}, turning anything it throws into an unknown reading that names the failure. */
    static OsUpdatesReading guarded(OsUpdatesProbe probe, String tableDate) {
        try {
            return probe.read();
        } catch (RuntimeException e) {
            return OsUpdatesReading.failed("could not check OS updates: " + (e.getMessage() == null
                    ? e.getClass().getSimpleName() : e.getMessage()), tableDate);
        }
    }
}
