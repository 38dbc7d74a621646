package io.rollcall.collector.recalls;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A recall: every loan open in its scope when it was made, to come back by {@code dueAt}.
 *
 * @param scope        {@code department}, {@code set} or {@code everyone}
 * @param scopeValue   the department's name or the set's id; {@code null} for everyone
 * @param scopeLabel   what the scope was called when the recall was made
 * @param remindBefore days before {@code dueAt} on which a borrower still holding an item is e-mailed
 * @param remindAfter  days after {@code dueAt} on which they are e-mailed again
 * @param headSentAt   when the list of what was still out went to {@code headEmail}; {@code null} before the deadline
 */
public record Recall(UUID id, String title, String scope, String scopeValue, String scopeLabel, Instant dueAt,
                     String headEmail, List<Integer> remindBefore, List<Integer> remindAfter, Instant createdAt,
                     String createdBy, Instant headSentAt) {

    /** A recall with its counts, as lists show it. {@code back} counts returns by any path; lost and stolen apart. */
    public record Summary(Recall recall, int total, int back, int lost, int out) {
    }

    /**
     * One loan the recall covers, with what the register knows about it now.
     *
     * @param deviceLastReportAt when the laptop's agent last reported (asset ↔ device by serial); null for kit
     *                           without an agent, or a laptop whose agent never reported
     * @param closedReason       null while out; {@code returned}, {@code lost} or {@code stolen} once closed
     */
    public record Item(UUID loanId, String assetTag, String assetType, String make, String model, String serial,
                       UUID personId, String staffId, String borrowerName, String borrowerEmail, String department,
                       Instant outAt, Instant closedAt, String closedReason, Instant deviceLastReportAt,
                       String deviceHostname, int remindersSent, Instant lastReminderAt) {
        public boolean out() {
            return closedAt == null;
        }

        /** Make and model as one phrase, or the asset type when neither is known. */
        public String what() {
            String mm = ((make == null ? "" : make) + " " + (model == null ? "" : model)).strip();
            return mm.isEmpty() ? assetType : assetType + ", " + mm;
        }
    }

    /** A recall's progress: its counts, what is still out and what has been closed. */
    public record Progress(Recall recall, int total, int back, int lost, int stillOut, List<Item> outstanding,
                           List<Item> closed) {
    }
}
