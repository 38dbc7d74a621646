package io.rollcall.collector.jobs;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * How the cluster's scheduled jobs ({@link ClusterJobs}) are timed.
 *
 * @param tick    how often each node looks for a due job ({@code jobs.tick.seconds}, default 5): a job whose node
 *                died runs on a survivor within about this much after Hazelcast removes the dead member
 * @param lease   how long a job's lease lasts without renewal ({@code jobs.lease.seconds}, default 60): how long a
 *                node that hangs (still a member, no longer renewing) keeps others from running its job
 * @param periods a job's period by name ({@code jobs.<name>.seconds}), over the defaults in {@code Collector}
 */
public record JobSettings(Duration tick, Duration lease, Map<String, Duration> periods) {
    public static final String STALE_SWEEP = "stale-sweep";
    public static final String COMPLIANCE_SNAPSHOT = "compliance-snapshot";
    public static final String LOAN_REMINDERS = "loan-reminders";
    public static final String POLICY_RESUME = "policy-reevaluation-resume";
    /** Issue 16: reservation reminders before pick-up and return; chasing unacknowledged loans. */
    public static final String BOOKING_REMINDERS = "booking-reminders";
    public static final String ACK_CHASE = "ack-chase";
    /** Issue 16: recall reminders to borrowers and the list of what is still out to the head. */
    public static final String RECALL_REMINDERS = "recall-reminders";
    /** Issue 17's alerts: queue what is new, send what is due. */
    public static final String ALERTS_SCAN = "alerts-scan";
    public static final String ALERTS_DELIVER = "alerts-deliver";
    public static final List<String> JOBS = List.of(STALE_SWEEP, COMPLIANCE_SNAPSHOT, LOAN_REMINDERS, POLICY_RESUME,
            BOOKING_REMINDERS, ACK_CHASE, RECALL_REMINDERS, ALERTS_SCAN, ALERTS_DELIVER);

    public JobSettings {
        if (tick.toSeconds() < 1) {
            throw new IllegalArgumentException("jobs.tick.seconds was " + tick.toSeconds() + ", must be at least 1");
        }
        if (lease.compareTo(tick) <= 0) {
            throw new IllegalArgumentException("jobs.lease.seconds was " + lease.toSeconds()
                    + ", must be more than jobs.tick.seconds (" + tick.toSeconds() + ")");
        }
        periods = Map.copyOf(periods);
    }

    public static JobSettings defaults() {
        return new JobSettings(Duration.ofSeconds(5), Duration.ofSeconds(60), Map.of());
    }

    /** Whether {@code key} is one of the settings this record reads. */
    public static boolean isKey(String key) {
        return key.equals("jobs.tick.seconds") || key.equals("jobs.lease.seconds")
                || JOBS.stream().anyMatch(j -> key.equals("jobs." + j + ".seconds"));
    }

    /** {@code name}'s period: the {@code jobs.<name>.seconds} setting, else {@code dflt}. */
    public Duration period(String name, Duration dflt) {
        return periods.getOrDefault(name, dflt);
    }

    /** These settings with the {@code jobs.*} keys of {@code p} over them. */
    public JobSettings with(Properties p) {
        Map<String, Duration> ps = new LinkedHashMap<>(periods);
        for (String j : JOBS) {
            String key = "jobs." + j + ".seconds";
            if (p.getProperty(key) != null) {
                ps.put(j, Duration.ofSeconds(seconds(p, key, 1)));
            }
        }
        Duration t = p.getProperty("jobs.tick.seconds") == null ? tick
                : Duration.ofSeconds(seconds(p, "jobs.tick.seconds", 1));
        Duration l = p.getProperty("jobs.lease.seconds") == null ? lease
                : Duration.ofSeconds(seconds(p, "jobs.lease.seconds", 2));
        return new JobSettings(t, l, ps);
    }

    private static long seconds(Properties p, String key, long min) {
        String v = p.getProperty(key).trim();
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " was '" + v + "', must be a whole number of seconds");
        }
        if (n < min) {
            throw new IllegalArgumentException(key + " was " + n + ", must be at least " + min);
        }
        return n;
    }
}
