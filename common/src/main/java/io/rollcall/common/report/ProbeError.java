package io.rollcall.common.report;

/** A probe that could not read something, and why. The scan goes on without it. */
public record ProbeError(String probe, String reason) {
}
