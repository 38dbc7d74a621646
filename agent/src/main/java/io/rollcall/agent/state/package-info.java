/** The state directory: {@code state.json} (atomic, 0600), {@code agent.properties}, pending media events, crash-safe file writes. */
package io.rollcall.agent.state;
