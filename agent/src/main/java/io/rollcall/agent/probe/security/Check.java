package io.rollcall.agent.probe.security;

import io.rollcall.common.report.Tri;

/**
 * One security fact and the evidence for it, in words a technician can act on.
 *
 * @param value  the fact; {@code UNKNOWN} when the agent could not verify it
 * @param reason why the value is what it is (always set for {@code UNKNOWN}); {@code null} when nothing needs saying
 */
public record Check(Tri value, String reason) {

    public static Check yes(String reason) {
        return new Check(Tri.YES, reason);
    }

    public static Check no(String reason) {
        return new Check(Tri.NO, reason);
    }

    public static Check unknown(String reason) {
        return new Check(Tri.UNKNOWN, reason);
    }
}
