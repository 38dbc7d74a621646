package io.rollcall.collector.auth;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/**
 * A console session: the value of the {@code sessions} IMap, keyed by the SHA-256 of the cookie value
 * so a heap dump of a node holds no usable session id.
 *
 * @param csrf      the synchronizer token every state-changing request of this session must echo
 * @param createdAt compared with the user's last password change: a reset ends older sessions
 */
public record Session(UUID userId, String csrf, Instant createdAt) implements Serializable {
    @Override
    public String toString() {
        return "Session[user=" + userId + ", created=" + createdAt + "]";
    }
}
