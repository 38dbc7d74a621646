package io.rollcall.agent.state;

/**
 * What the outbox had to throw away since enrolment, so each report's diagnostics can tell the collector.
 *
 * @param heartbeats heartbeats dropped
 * @param reports    full or delta reports dropped
 * @param events     removable-media events that were inside dropped reports
 */
public record DropCounters(long heartbeats, long reports, long events) {
    public static final DropCounters NONE = new DropCounters(0, 0, 0);

    public DropCounters {
        if (heartbeats < 0 || reports < 0 || events < 0) {
            throw new IllegalArgumentException(String.format(
                    "drop counters were heartbeats=%d reports=%d events=%d, must all be ≥ 0", heartbeats, reports, events));
        }
    }

    public DropCounters plus(DropCounters other) {
        return new DropCounters(heartbeats + other.heartbeats, reports + other.reports, events + other.events);
    }

    public boolean isZero() {
        return heartbeats == 0 && reports == 0 && events == 0;
    }
}
