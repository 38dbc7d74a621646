package io.rollcall.agent.probe.accounts;

import io.rollcall.common.report.AccountsSection;
import java.util.List;

/** Lists the machine's user accounts. */
public interface AccountsProbe {

    /**
     * What the probe found.
     *
     * @param section     the accounts as reported
     * @param interactive the interactive accounts, for probes that read per-user settings (screen lock)
     * @param problems    what could not be read, in words a technician can act on; the section is still usable
     */
    record Result(AccountsSection section, List<LocalUser> interactive, List<String> problems) {
        public Result {
            interactive = List.copyOf(interactive);
            problems = List.copyOf(problems);
        }
    }

    Result read();
}
