package io.rollcall.collector.jobs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the cluster knows of one scheduled job, kept as JSON in the Hazelcast map {@value ClusterJobs#STATES} and
 * shown by {@code GET /api/v1/cluster/jobs}.
 *
 * @param running   the run in progress, or null; a run whose node died stays here until a survivor takes the job
 *                  over, which records it in {@code history} as {@code interrupted}
 * @param last      the last run that ended (ok or failed), or null
 * @param runs      runs that ended since the cluster started
 * @param history   the last {@value #HISTORY} runs, oldest first, interrupted ones included
 */
public record JobState(String job, Run running, Run last, long runs, List<Run> history) {
    static final int HISTORY = 50;

    /**
     * One run.
     *
     * @param node      the member UUID of the node that ran it
     * @param fence     the lease's fencing number it ran under
     * @param outcome   {@code running}, {@code ok}, {@code failed} or {@code interrupted}
     * @param detail    what it did (e.g. "3 devices re-evaluated") or why it failed
     */
    public record Run(String node, long fence, Instant startedAt, Instant finishedAt, String outcome, String detail) {
    }

    static JobState empty(String job) {
        return new JobState(job, null, null, 0, List.of());
    }

    JobState started(Run run) {
        List<Run> h = history;
        if (running != null) {
            // the previous holder's lease went (it died or hung) before it recorded an end
            h = append(h, new Run(running.node(), running.fence(), running.startedAt(), run.startedAt(), "interrupted",
                    "taken over by " + run.node()));
        }
        return new JobState(job, run, last, runs, h);
    }

    JobState ended(Run run) {
        return new JobState(job, null, run, runs + 1, append(history, run));
    }

    private static List<Run> append(List<Run> h, Run r) {
        List<Run> out = new ArrayList<>(h.size() + 1);
        out.addAll(h.size() >= HISTORY ? h.subList(h.size() - HISTORY + 1, h.size()) : h);
        out.add(r);
        return out;
    }
}
