package io.rollcall.collector.audit;

import java.time.Instant;
import java.util.UUID;

/**
 * One audited act: who ({@code actorId} is a user id or {@code first-run-admin}), when, what
 * ({@code action} is the HTTP method or a named act such as {@code login}, {@code target} the path
 * with its ids), from where (the client address), and the answer's status.
 */
public record AuditEntry(UUID id, Instant at, String actorId, String actorName, String role, String action,
                         String target, int status, String remote, String detail) {
}
