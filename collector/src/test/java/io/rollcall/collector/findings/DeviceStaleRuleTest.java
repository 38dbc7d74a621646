package io.rollcall.collector.findings;

import static io.rollcall.collector.findings.Fixtures.DEVICE;
import static io.rollcall.collector.findings.Fixtures.NOW;
import static io.rollcall.collector.findings.Fixtures.verdicts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.collector.findings.rules.DeviceStaleRule;
import io.rollcall.common.report.Sections;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceStaleRuleTest {

    private static DeviceFacts lastSeenDaysAgo(int days, boolean onLoan) {
        return new DeviceFacts(DEVICE, Sections.EMPTY, NOW.minus(Duration.ofDays(days)), List.of(), onLoan);
    }

    @Test
    void deviceSilentLongerThanStaleDaysIsStale() {
        Verdict v = verdicts(lastSeenDaysAgo(15, false), Policy.defaults(), DeviceStaleRule.ID).get(0);
        assertEquals(Severity.MEDIUM, v.severity());
        assertEquals(15L, v.evidence().get("days"));
        assertEquals(NOW.minus(Duration.ofDays(15)).toString(), v.evidence().get("lastSeen"));
        assertTrue(verdicts(lastSeenDaysAgo(10, false), Policy.defaults(), DeviceStaleRule.ID).isEmpty());
    }

    @Test
    void deviceOnLoanIsStaleSooner() {
        assertEquals(1, verdicts(lastSeenDaysAgo(10, true), Policy.defaults(), DeviceStaleRule.ID).size());
        assertEquals(7, verdicts(lastSeenDaysAgo(10, true), Policy.defaults(), DeviceStaleRule.ID).get(0)
                .evidence().get("limitDays"));
        assertTrue(verdicts(lastSeenDaysAgo(6, true), Policy.defaults(), DeviceStaleRule.ID).isEmpty());
    }
}
