/** HTTPS to the collector: CA pinning at enrolment, trust in the saved CA afterwards, sending, backoff. */
package io.rollcall.agent.transport;
