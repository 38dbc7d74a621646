package io.rollcall.agent.schedule;

import io.rollcall.agent.state.AgentConfig;
import java.time.Duration;

/**
 * How often the agent reports and polls removable media.
 *
 * @param full        full report: at start and then this often (default 24 h)
 * @param delta       changed sections: this often (default 1 h)
 * @param heartbeat   a sign of life when nothing else was queued for this long (default 15 min)
 * @param mediaPoll   how often removable media are listed (default 5 s)
 * @param afterInsert how soon after a medium is connected a delta is queued, so the collector learns quickly
 */
public record Intervals(Duration full, Duration delta, Duration heartbeat, Duration mediaPoll, Duration afterInsert) {
    public static final Intervals DEFAULT = new Intervals(Duration.ofHours(24), Duration.ofHours(1),
            Duration.ofMinutes(15), Duration.ofSeconds(5), Duration.ofSeconds(3));

    /**
     * The resident service's heartbeat when {@code agent.properties} sets none. Each heartbeat there is a worker JVM
     * and a TLS handshake of its own (about 0.5 s CPU and 4 KB on the wire, BENCHMARKS.md "Resident service"), while
     * the daily full report and the hourly delta already show the device alive; twelve hours keeps a lent laptop's
     * "last seen" within half a day, far inside the 14 days after which a device is flagged stale, and the bytes of
     * a day (full report, one heartbeat) near 20 KB.
     */
    public static final Duration RESIDENT_HEARTBEAT = Duration.ofHours(12);

    /** {@link #resolve} for the resident's workers: the heartbeat defaults to {@link #RESIDENT_HEARTBEAT}. */
    public static Intervals resolveForResident(AgentConfig config, int reportIntervalSeconds) {
        Intervals i = resolve(config, reportIntervalSeconds);
        return config.heartbeatInterval() != null ? i
                : new Intervals(i.full, i.delta, RESIDENT_HEARTBEAT, i.mediaPoll, i.afterInsert);
    }

    /**
     * {@code agent.properties} wins; otherwise the collector's {@code reportIntervalSeconds} from enrolment sets the
     * delta interval (it is the collector's idea of how fresh a device should be); otherwise the defaults.
     */
    public static Intervals resolve(AgentConfig config, int reportIntervalSeconds) {
        Duration delta = config.deltaInterval() != null ? config.deltaInterval()
                : reportIntervalSeconds > 0 ? Duration.ofSeconds(reportIntervalSeconds) : DEFAULT.delta;
        return new Intervals(or(config.fullInterval(), DEFAULT.full), delta,
                or(config.heartbeatInterval(), DEFAULT.heartbeat), or(config.mediaPollInterval(), DEFAULT.mediaPoll),
                DEFAULT.afterInsert);
    }

    private static Duration or(Duration v, Duration fallback) {
        return v != null ? v : fallback;
    }
}
