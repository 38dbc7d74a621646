package io.rollcall.agent.probe;

/** Collects every section this system can report. Never throws: a failing probe becomes a {@code ProbeError}. */
public interface Scanner {
    ScanResult scan();
}
