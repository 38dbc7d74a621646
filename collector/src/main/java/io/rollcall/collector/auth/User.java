package io.rollcall.collector.auth;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.rollcall.collector.http.Principal;
import io.rollcall.collector.http.Role;
import java.time.Instant;
import java.util.UUID;

/** A person who logs in. The password hash never leaves the collector: it is not serialised. */
public record User(UUID id, String username, String displayName, Role role, @JsonIgnore String passwordHash,
                   Instant passwordChangedAt, Instant createdAt, String createdBy, boolean disabled) {

    @Override
    public String toString() {
        return "User[" + username + ", " + role.wire() + (disabled ? ", disabled" : "") + "]";
    }

    /** The principal this user acts as; its id goes into audit and history rows. */
    public Principal principal() {
        return new Principal(id.toString(), username, role);
    }
}
