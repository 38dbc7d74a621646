/**
 * The resident service: a small JVM that only schedules and watches for removable media, and runs every scan and
 * delivery in a short-lived worker process ({@code rollcall-agent tick}). Nothing here may load more than
 * {@code java.base} and {@code io.rollcall.agent.schedule.ScheduleFile} on Linux and macOS.
 */
package io.rollcall.agent.resident;
