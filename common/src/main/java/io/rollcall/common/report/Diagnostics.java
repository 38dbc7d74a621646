package io.rollcall.common.report;

import java.util.List;

/**
 * The agent's own health, so the collector can show what the agent had to give up.
 *
 * @param outboxDepth        reports waiting on disk when this one was written
 * @param droppedHeartbeats  heartbeats dropped because the outbox was full, since enrolment
 * @param droppedReports     full or delta reports dropped because the outbox was full, since enrolment
 * @param droppedEvents      removable-media events lost with dropped reports, since enrolment
 * @param probeErrors        probes that failed in this scan
 */
public record Diagnostics(int outboxDepth, long droppedHeartbeats, long droppedReports, long droppedEvents,
                          List<ProbeError> probeErrors) {
    public Diagnostics {
        probeErrors = probeErrors == null ? List.of() : List.copyOf(probeErrors);
    }
}
