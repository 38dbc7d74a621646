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
 * Sends the outbox in order, oldest first. A report is deleted only after a 202; a poison report moves to
 * {@code rejected/} and the drain goes on; a revoked secret or a retryable failure stops the drain with the rest
 * of the queue kept for later.
 */
public final class Sender {
    private static final Logger LOG = LoggerFactory.getLogger(Sender.class);

    private final Outbox outbox;
    private final CollectorClient client;
    private final String authorization;

    /** @param authorization the {@code Authorization} header value; never logged */
    public Sender(Outbox outbox, CollectorClient client, String authorization) {
        this.outbox = outbox;
        this.client = client;
        this.authorization = authorization;
    }

    public enum Outcome {
        /** The outbox is empty. */
        DRAINED,
        /** The collector could not be reached or asked us to wait; reports remain. */
        RETRY_LATER,
        /** The device secret was refused: nothing more will be sent until the device enrols again. */
        REVOKED
    }

    /**
     * What one drain achieved; {@code message} explains a stop in words a technician can act on;
     * {@code deliveredIds} are the reportIds the collector acknowledged with 202.
     */
    public record DrainResult(Outcome outcome, int delivered, int rejected, int remaining, String message,
                              Set<UUID> deliveredIds) {
        public DrainResult {
            deliveredIds = deliveredIds == null ? Set.of() : Set.copyOf(deliveredIds);
        }

        public DrainResult(Outcome outcome, int delivered, int rejected, int remaining, String message) {
            this(outcome, delivered, rejected, remaining, message, Set.of());
        }
    }

    public DrainResult drain() throws IOException {
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
            SendResult result = client.send(body, authorization);
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
                        "the collector refused this device's secret (HTTP %d: %s); re-enrol the device with "
                                + "'rollcall-agent enroll'", r.status(), r.detail()));
            } else if (result instanceof SendResult.Retry t) {
                return new DrainResult(Outcome.RETRY_LATER, delivered, rejected, outbox.depth(), t.reason(), ids);
            }
        }
        int remaining = outbox.depth();
        return new DrainResult(remaining == 0 ? Outcome.DRAINED : Outcome.RETRY_LATER, delivered, rejected, remaining,
                remaining == 0 ? "all reports delivered" : remaining + " reports arrived while sending", ids);
    }
}
