package io.rollcall.collector.findings.rules;

import io.rollcall.collector.findings.DeviceFacts;
import io.rollcall.collector.findings.Evidence;
import io.rollcall.collector.findings.Policy;
import io.rollcall.collector.findings.Severity;
import io.rollcall.collector.findings.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code device.stale}: no report for more than {@link Policy#staleDays()} days, or
 * {@link Policy#staleDaysOnLoan()} for a device on loan (a lent laptop that stops checking in may be lost).
 * Needs no section, so it is always evaluable.
 */
public final class DeviceStaleRule extends BaseRule {
    public static final String ID = "device.stale";

    public DeviceStaleRule() {
        super(ID, Severity.MEDIUM, PolicyRefs.CHECKING_IN, s -> true);
    }

    @Override
    public List<Verdict> evaluate(DeviceFacts device, Policy policy, Instant now) {
        int limit = device.onLoan() ? policy.staleDaysOnLoan() : policy.staleDays();
        Duration silent = Duration.between(device.lastSeen(), now);
        if (silent.compareTo(Duration.ofDays(limit)) <= 0) {
            return List.of();
        }
        return List.of(fail("", Evidence.of().put("lastSeen", device.lastSeen()).put("days", silent.toDays())
                .put("limitDays", limit).put("onLoan", device.onLoan())
                .fix(device.onLoan()
                        ? "Contact the borrower: the laptop should be switched on and connected, or reported lost."
                        : "Switch the device on and connect it to the network; if it is gone, mark the asset lost "
                                + "or disposed.").build()));
    }
}
