package io.rollcall.common.report;

import java.util.List;

/** Screen-lock settings per interactive account and the effective (worst) value. */
public record ScreenLockSection(List<ScreenLockSetting> perAccount, ScreenLockSetting effective) {
    public ScreenLockSection {
        perAccount = perAccount == null ? List.of() : List.copyOf(perAccount);
    }
}
