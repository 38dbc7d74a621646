package io.rollcall.agent.probe.screenlock;

import io.rollcall.agent.probe.accounts.LocalUser;
import io.rollcall.common.report.ScreenLockSection;
import java.util.List;

/** How the screen locks for each interactive account, and the worst of them. Never throws for one bad account. */
public interface ScreenLockProbe {
    ScreenLockSection read(List<LocalUser> interactiveAccounts);
}
