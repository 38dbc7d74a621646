package io.rollcall.agent.probe;

import io.rollcall.common.report.ProbeError;
import io.rollcall.common.report.Sections;
import java.util.List;

/** What one scan found, and which probes could not read what they needed. */
public record ScanResult(Sections sections, List<ProbeError> errors) {
    public ScanResult {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }
}
