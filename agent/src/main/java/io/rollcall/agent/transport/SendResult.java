package io.rollcall.agent.transport;

import io.rollcall.common.enroll.ReportAck;

/** What the collector did with one report. Every HTTP outcome is a value; only programming errors throw. */
public sealed interface SendResult {

    /** 202: stored (or stored before: {@code ack.duplicate()}). Delete the file. */
    record Accepted(ReportAck ack) implements SendResult {
    }

    /** A 4xx other than 401/403/408/429: the report itself is wrong and will never be accepted. Set it aside. */
    record Poison(int status, String detail) implements SendResult {
    }

    /** 403 {@code enrolment-pending}: the credential waits for a technician's approval. Keep the report. */
    record AwaitingApproval(String detail) implements SendResult {
    }

    /**
     * 401/403: the device secret is not valid (any more). A 401 means the collector does not know it: the agent
     * re-enrols; a 403 means it may not send this report.
     */
    record Revoked(int status, String detail) implements SendResult {
    }

    /** 408, 429, 5xx, an unexpected status, or no answer at all: keep the report and try again later. */
    record Retry(String reason) implements SendResult {
    }
}
