/** The durable, bounded on-disk queue of reports waiting for the collector; see {@link io.rollcall.agent.outbox.Outbox} for its rules. */
package io.rollcall.agent.outbox;
