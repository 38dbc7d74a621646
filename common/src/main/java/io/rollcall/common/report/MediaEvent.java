package io.rollcall.common.report;

import java.time.Instant;

/** A removable medium being connected or disconnected at a moment. */
public record MediaEvent(Instant at, MediaAction action, MediaDevice device) {
}
