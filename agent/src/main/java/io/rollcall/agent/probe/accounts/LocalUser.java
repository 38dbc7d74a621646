package io.rollcall.agent.probe.accounts;

import io.rollcall.common.report.Tri;

/**
 * An interactive account as other probes need it.
 *
 * @param name        the login name (never leaves the agent for a personal account)
 * @param home        the home directory
 * @param reference   how reports refer to the account: its name for a school account, else its name hash
 * @param passwordSet whether it has a usable password
 */
public record LocalUser(String name, int uid, String home, String reference, Tri passwordSet) {
}
