package io.rollcall.agent.probe.updates;

import io.rollcall.common.report.OsUpdates;
import io.rollcall.common.report.Tri;

/**
 * What one system's update check found: {@code security.osUpToDate}, the reason a technician reads (always set) and
 * the facts behind it for the collector, which decides again against the school's own threshold.
 *
 * @param upToDate {@code osUpToDate}
 * @param reason   how the verdict was reached, naming the dates and sources
 * @param facts    {@code security.osUpdates}; never {@code null}, its fields may be
 */
public record OsUpdatesReading(Tri upToDate, String reason, OsUpdates facts) {

    /** Nothing could be read; {@code why} says what failed. */
    public static OsUpdatesReading failed(String why, String tableDate) {
        return new OsUpdatesReading(Tri.UNKNOWN, why,
                new OsUpdates(null, OsUpdates.UNKNOWN, null, tableDate, null, null, null));
    }
}
