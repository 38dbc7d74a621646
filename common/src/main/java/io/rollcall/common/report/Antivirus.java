package io.rollcall.common.report;

/** An anti-malware product and its state. */
public record Antivirus(String name, Tri enabled, Tri upToDate) {
}
