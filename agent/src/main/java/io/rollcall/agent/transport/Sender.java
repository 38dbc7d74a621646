package io.rollcall.agent.transport;

import io.rollcall.agent.outbox.Outbox;
import io.rollcall.agent.outbox.OutboxEntry;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the outbox in order, oldest first, with the credential the caller chooses for this drain. A report is deleted
 * only after a 202; a poison report moves to {@code rejected/} and the drain goes on; a refused or not yet approved
 * credential, or a retryable failure, stops the drain with the rest of the queue kept for later.
 */
public final class Sender {
    private static final Logger LOG = LoggerFactory.getLogger(Sender.class);

    private final Outbox outbox;
    private final ClientSource source;
    private CollectorClient client;

    /** Makes the client when the first report is sent. */
    @FunctionalInterface
    public interface ClientSource {
        CollectorClient open() throws IOException;
    }

    public Sender(Outbox outbox, CollectorClient client) {
        this(outbox, () -> client);
    }

    /**
     * A sender that builds its client (the pinned CA read, a TLS context, an HTTP client) only when there is a
     * report to send: most of a worker's runs send nothing, and those classes were a third of such a run's CPU
     * (BENCHMARKS.md, issue 13).
     */
    public Sender(Outbox outbox, ClientSource source) {
        this.outbox = outbox;
        this.source = source;
    }

    private synchronized CollectorClient client() throws IOException {
        if (client == null) {
            client = source.open();
        }
        return client;
    }

    public enum Outcome {
        /** The outbox is empty. */
        DRAINED,
        /** The collector could not be reached or asked us to wait; reports remain. */
        RETRY_LATER,
        /** The device secret was refused (401 or 403): nothing more goes with it. */
        REVOKED,
        /** The credential waits for a technician's approval (403 enrolment-pending); reports remain. */
        AWAITING_APPROVAL
    }

    /**
     * What one drain achieved; {@code message} explains a stop in words a technician can act on;
     * {@code deliveredIds} are the reportIds the collector acknowledged with 202.
     */
    public record DrainResult(Outcome outcome, int delivered, int rejected, int remaining, String message,
                              Set<UUID> deliveredIds, int status) {
        public DrainResult {
            deliveredIds = deliveredIds == null ? Set.of() : Set.copyOf(deliveredIds);
        }

        public DrainResult(Outcome outcome, int delivered, int rejected, int remaining, String message,
                           Set<UUID> deliveredIds) {
            this(outcome, delivered, rejected, remaining, message, deliveredIds, 0);
        }

        public DrainResult(Outcome outcome, int delivered, int rejected, int remaining, String message) {
            this(outcome, delivered, rejected, remaining, message, Set.of(), 0);
        }

        /** The collector does not know the credential (401): the agent should re-enrol. */
        public boolean unknownCredential() {
            return outcome == Outcome.REVOKED && status == 401;
        }
    }

    /** @param authorization the {@code Authorization} header value for every report of this drain; never logged */
    public DrainResult drain(String authorization) throws IOException {
        int delivered = 0;
        int rejected = 0;
        Set<UUID> ids = new HashSet<>();
        for (OutboxEntry entry : outbox.entries()) {
            byte[] body;
            try {
                body = outbox.read(entry);
            } catch (NoSuchFileException e) {
                continue; // dropped by the bound enforcement meanwhile
            }
            SendResult result = client().send(body, authorization);
            if (result instanceof SendResult.Accepted) {
                outbox.delete(entry);
                delivered++;
                ids.add(entry.reportId());
            } else if (result instanceof SendResult.Poison p) {
                String reason = String.format("HTTP %d: %s", p.status(), p.detail());
                LOG.error("the collector refused {} report {} ({}); kept in {}/{}", entry.kind().wireName(),
                        entry.reportId(), reason, outbox.directory(), Outbox.REJECTED_DIR);
                outbox.reject(entry, reason);
                rejected++;
            } else if (result instanceof SendResult.Revoked r) {
                return new DrainResult(Outcome.REVOKED, delivered, rejected, outbox.depth(), String.format(
                        "the collector refused this device's secret (HTTP %d: %s)", r.status(), r.detail()), ids,
                        r.status());
            } else if (result instanceof SendResult.AwaitingApproval a) {
                return new DrainResult(Outcome.AWAITING_APPROVAL, delivered, rejected, outbox.depth(),
                        "the credential waits for a technician's approval (" + a.detail() + ")", ids, 403);
            } else if (result instanceof SendResult.Retry t) {
                return new DrainResult(Outcome.RETRY_LATER, delivered, rejected, outbox.depth(), t.reason(), ids);
            }
        }
        int remaining = outbox.depth();
        return new DrainResult(remaining == 0 ? Outcome.DRAINED : Outcome.RETRY_LATER, delivered, rejected, remaining,
                remaining == 0 ? "all reports delivered" : remaining + " reports arrived while sending", ids);
    }
}
