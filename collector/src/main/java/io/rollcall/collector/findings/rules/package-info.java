/**
 * The default rule catalogue, one class per family (screen lock, accounts, removable media, security,
 * software, staleness). Each rule cites the clause of {@code policies/README.md} it enforces and treats
 * an unknown fact as "cannot verify", never as a pass.
 */
package io.rollcall.collector.findings.rules;
