/** When to report: full, delta and heartbeat reports, the removable-media poller, and the service loop driven by {@code tick(now)}. */
package io.rollcall.agent.schedule;
