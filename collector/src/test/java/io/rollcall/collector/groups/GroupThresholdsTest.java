package io.rollcall.collector.groups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.collector.findings.Policy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a device's groups change the thresholds it is judged by. */
class GroupThresholdsTest {
    private final Policy school = Policy.defaults();

    @Test
    void noGroupOrNoOverrideLeavesTheSchoolPolicy() {
        assertSame(school, GroupThresholds.apply(school, List.of()));
        assertSame(school, GroupThresholds.apply(school, List.of(GroupThresholds.NONE)));
    }

    @Test
    void aLaxGroupReplacesTheSchoolValueForItsDevices() {
        Policy p = GroupThresholds.apply(school, List.of(new GroupThresholds(1800, null, null, null)));
        assertEquals(1800, p.screenLockMaxIdleSeconds());
        assertEquals(school.screenLockMaxIdleSecondsMac(), p.screenLockMaxIdleSecondsMac());
        assertEquals(school.osUpdateMaxDays(), p.osUpdateMaxDays());
    }

    @Test
    void inTwoGroupsTheStrictestValueOfEachThresholdWins() {
        Policy p = GroupThresholds.apply(school, List.of(new GroupThresholds(1800, 2400, null, 30),
                new GroupThresholds(600, null, 2, null)));
        assertEquals(600, p.screenLockMaxIdleSeconds());
        assertEquals(2400, p.screenLockMaxIdleSecondsMac(), "only one group sets it: that group's value");
        assertEquals(2, p.screenLockMaxGraceSeconds());
        assertEquals(30, p.osUpdateMaxDays());
    }

    @Test
    void outOfRangeOverridesNameTheField() {
        var problems = new GroupThresholds(0, null, null, 400).problems();
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("overrides.screenLockMaxIdleSeconds was 0"), problems.get(0));
        assertTrue(problems.get(1).startsWith("overrides.osUpdateMaxDays was 400"), problems.get(1));
    }
}
