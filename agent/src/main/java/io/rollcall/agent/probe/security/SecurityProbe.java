package io.rollcall.agent.probe.security;

import io.rollcall.common.report.SecuritySection;

/**
 * Disk encryption, firewall, anti-malware and OS updates. Never throws for one unreadable source: that field becomes
 * {@code unknown} and {@code reasons} says why.
 */
public interface SecurityProbe {
    SecuritySection read();
}
