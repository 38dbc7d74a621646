package io.rollcall.agent.probe.screenlock;

import io.rollcall.common.report.SettingSource;
import java.util.List;

/** One resolved setting and the layer it came from. */
record LockValue<T>(T value, SettingSource source) {

    /** USER if the user chose any of the values that decide, else POLICY if a policy did, else DEFAULT. */
    static SettingSource combined(List<LockValue<?>> used) {
        if (used.stream().anyMatch(v -> v.source() == SettingSource.USER)) {
            return SettingSource.USER;
        }
        if (used.stream().anyMatch(v -> v.source() == SettingSource.POLICY)) {
            return SettingSource.POLICY;
        }
        return SettingSource.DEFAULT;
    }
}
