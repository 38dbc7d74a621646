package io.rollcall.common.report;

import java.util.List;
import java.util.Map;

/**
 * Disk encryption, firewall, anti-malware and OS updates. {@code UNKNOWN} means the agent could not
 * verify; {@code reasons} says why, keyed by field name.
 *
 * @param osUpdates the facts behind {@code osUpToDate} (support status, last update, pending updates); {@code null}
 *                  from agents that do not collect them
 */
public record SecuritySection(Tri diskEncryption, Tri firewallEnabled, List<Antivirus> antivirus, Tri osUpToDate,
                              Map<String, String> reasons, OsUpdates osUpdates) {
    public SecuritySection {
        antivirus = antivirus == null ? List.of() : List.copyOf(antivirus);
        // sorted, not Map.copyOf: its iteration order differs from one JVM to the next, and the section's hash (which
        // decides whether a delta carries it) must not change between two processes that saw the same facts
        reasons = reasons == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(Map.copyOf(reasons)));
    }

    /** A section without the OS-update facts. */
    public SecuritySection(Tri diskEncryption, Tri firewallEnabled, List<Antivirus> antivirus, Tri osUpToDate,
                           Map<String, String> reasons) {
        this(diskEncryption, firewallEnabled, antivirus, osUpToDate, reasons, null);
    }
}
