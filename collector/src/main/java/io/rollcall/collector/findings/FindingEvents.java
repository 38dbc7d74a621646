package io.rollcall.collector.findings;

/**
 * Told after a commit which findings opened and resolved, by rule id (never the device or the subject): what the
 * collector's metrics count. Calls come from worker threads and must not block.
 */
public interface FindingEvents {
    /** Counts nothing. */
    FindingEvents NONE = new FindingEvents() {
        @Override
        public void opened(String rule) {
        }

        @Override
        public void resolved(String rule) {
        }
    };

    void opened(String rule);

    void resolved(String rule);
}
