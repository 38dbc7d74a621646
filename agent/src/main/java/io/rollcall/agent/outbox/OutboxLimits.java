package io.rollcall.agent.outbox;

/**
 * How much the outbox may hold. The defaults keep weeks of hourly deltas plus heartbeats in well under the disk a
 * school laptop can spare.
 */
public record OutboxLimits(int maxFiles, long maxBytes) {
    public static final OutboxLimits DEFAULT = new OutboxLimits(500, 50L * 1024 * 1024);

    public OutboxLimits {
        if (maxFiles < 1) {
            throw new IllegalArgumentException(String.format("maxFiles was %d, must be ≥ 1", maxFiles));
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException(String.format("maxBytes was %d, must be ≥ 1", maxBytes));
        }
    }

    /** The defaults with any configured value put in their place. */
    public static OutboxLimits of(Integer maxFiles, Long maxBytes) {
        return new OutboxLimits(maxFiles == null ? DEFAULT.maxFiles : maxFiles,
                maxBytes == null ? DEFAULT.maxBytes : maxBytes);
    }
}
