package io.rollcall.common.report;

/**
 * How the screen locks for one account (or, as the effective value, the worst across accounts).
 *
 * @param account          the account's name, or its {@code nameHash} for a personal account; {@code null} for the effective value
 * @param lockEnabled      whether the screen locks by itself when idle
 * @param idleSeconds      idle time before locking, in seconds; 0 means never; {@code null} when unknown
 * @param passwordRequired whether unlocking needs the password
 * @param graceSeconds     seconds after locking during which no password is asked; {@code null} when unknown
 * @param source           where the value came from
 * @param reason           why a value is unknown, in words a technician can act on; {@code null} otherwise
 */
public record ScreenLockSetting(String account, Tri lockEnabled, Integer idleSeconds, Tri passwordRequired,
                                Integer graceSeconds, SettingSource source, String reason) {
}
