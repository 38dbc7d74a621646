/**
 * The compliance rules engine: pure logic, no I/O. {@link io.rollcall.collector.findings.RuleEngine}
 * runs the {@link io.rollcall.collector.findings.Rule}s over a device's merged
 * {@link io.rollcall.collector.findings.DeviceFacts} under a school's
 * {@link io.rollcall.collector.findings.Policy} and returns
 * {@link io.rollcall.collector.findings.Verdict}s (FAIL or UNKNOWN; a pass yields nothing).
 * {@link io.rollcall.collector.findings.FindingReconciler} turns verdicts into opened, updated and resolved
 * findings for the store to write. The rules themselves live in {@code findings.rules}, one class per family.
 */
package io.rollcall.collector.findings;
