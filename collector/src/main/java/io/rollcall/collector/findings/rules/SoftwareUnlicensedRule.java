package io.rollcall.collector.findings.rules;

import io.rollcall.collector.findings.DeviceFacts;
import io.rollcall.collector.findings.Evidence;
import io.rollcall.collector.findings.Outcome;
import io.rollcall.collector.findings.Policy;
import io.rollcall.collector.findings.Severity;
import io.rollcall.collector.findings.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code software.unlicensed}: a title that needs a licence is installed and no seat is free for this device.
 * Whether a seat is free depends on every other device holding the title (the earliest installs keep the
 * seats), so this is not a per-device rule: the catalogue's per-title evaluation produces its verdicts
 * through {@link #verdict}. In the engine it exists for its id, default severity and policy reference, and is
 * never evaluable, so a device's own report never resolves a seat decision taken fleet-wide.
 */
public final class SoftwareUnlicensedRule extends BaseRule {
    public static final String ID = "software.unlicensed";

    public SoftwareUnlicensedRule() {
        super(ID, Severity.HIGH, PolicyRefs.LICENSED_SOFTWARE, s -> false);
    }

    @Override
    public List<Verdict> evaluate(DeviceFacts device, Policy policy, Instant now) {
        return List.of();
    }

    /**
     * The verdict for a device without a seat.
     *
     * @param pool the title's licence pool: seats, used, overBy and the licences counted
     * @param rank 1 for the earliest install of the title in the fleet
     */
    public static Verdict verdict(String titleId, String titleName, String version, Instant installedAt,
                                  Map<String, Object> pool, int rank) {
        Object seats = pool.get("seats");
        String fix = Integer.valueOf(0).equals(seats)
                ? String.format("No valid licence for %s is recorded: add one in Licences, or uninstall it.", titleName)
                : String.format("%s is installed on more devices than it has seats (%s): buy more seats, or uninstall "
                        + "it here (this is one of the most recent installs).", titleName, seats);
        return new Verdict(ID, titleId, Outcome.FAIL, Severity.HIGH, Evidence.of()
                .put("title", titleName).put("titleId", titleId).put("version", version)
                .put("installedAt", installedAt).put("installRank", rank).put("licencePool", pool).fix(fix).build(),
                PolicyRefs.LICENSED_SOFTWARE);
    }
}
