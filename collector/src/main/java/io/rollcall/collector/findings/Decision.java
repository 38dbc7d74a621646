package io.rollcall.collector.findings;

import java.util.Objects;

/**
 * A technician's decision about a software title in the catalogue.
 *
 * @param status   approved, licence required, or banned
 * @param category e.g. "office", "games"; {@code null} when not categorised
 * @param reason   why, in the technician's words; {@code null} when not given
 */
public record Decision(Status status, String category, String reason) {

    public Decision {
        Objects.requireNonNull(status, "status");
    }

    /** The outcome of reviewing a title. */
    public enum Status { APPROVED, LICENCE_REQUIRED, BANNED }
}
