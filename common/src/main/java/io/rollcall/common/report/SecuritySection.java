package io.rollcall.common.report;

import java.util.List;
import java.util.Map;

/**
 * Disk encryption, firewall, anti-malware and OS updates. {@code UNKNOWN} means the agent could not
 * verify; {@code reasons} says why, keyed by field name.
 */
public record SecuritySection(Tri diskEncryption, Tri firewallEnabled, List<Antivirus> antivirus, Tri osUpToDate,
                              Map<String, String> reasons) {
    public SecuritySection {
        antivirus = antivirus == null ? List.of() : List.copyOf(antivirus);
        reasons = reasons == null ? Map.of() : Map.copyOf(reasons);
    }
}
