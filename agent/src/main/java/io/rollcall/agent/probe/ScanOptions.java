package io.rollcall.agent.probe;

import java.util.regex.Pattern;

/**
 * What a scan needs to know from enrolment and configuration.
 *
 * @param deviceSalt           salt for hashing personal account names (random per device, kept in the state dir)
 * @param schoolAccountPattern names matching this are the school's; {@code null}: domain and cloud accounts are the
 *                             school's and local ones are not
 */
public record ScanOptions(String deviceSalt, Pattern schoolAccountPattern) {
}
