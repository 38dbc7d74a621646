/**
 * {@code rollcall-agent explain} and {@code capture}: every probe reads through seams wrapped in recorders
 * ({@link io.rollcall.agent.explain.Recorder}), one per probe, so the agent can say which files, commands, registry
 * keys and WMI queries each probe read, what it found and what it concluded; a capture writes those raw sources with
 * personal names and hashes removed ({@link io.rollcall.agent.explain.Redactor}), and
 * {@link io.rollcall.agent.explain.Replay} plays a capture back through the same seams, which turns a school's
 * laptop into a fixture. Nothing here touches the network or reads anything a probe did not read.
 */
package io.rollcall.agent.explain;
