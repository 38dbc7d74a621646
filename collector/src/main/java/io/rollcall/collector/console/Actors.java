package io.rollcall.collector.console;

import io.rollcall.collector.auth.User;
import io.rollcall.collector.auth.UserStore;
import io.rollcall.collector.http.Principal;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Names for the actor ids that history rows store (a user's id, or {@code first-run-admin}): a page
 * gathers the ids it is about to show and asks once, so a page of 50 rows costs one query, not 50.
 * Blocking (run from page code, which is on the worker pool).
 */
public final class Actors {
    private static final int MAX_IDS = 1_000;
    private final UserStore users;

    Actors(UserStore users) {
        this.users = users;
    }

    /** The names of {@code ids} (nulls and duplicates allowed) in one read of the users table. */
    public Names names(Collection<String> ids) throws SQLException {
        Set<UUID> wanted = new LinkedHashSet<>();
        for (String id : ids) {
            UUID u = uuid(id);
            if (u != null && wanted.size() < MAX_IDS) {
                wanted.add(u);
            }
        }
        Map<String, String> out = new HashMap<>();
        for (Map.Entry<UUID, User> e : users.byIds(wanted).entrySet()) {
            out.put(e.getKey().toString(), label(e.getValue()));
        }
        out.put(Principal.FIRST_RUN_ADMIN.id(), Principal.FIRST_RUN_ADMIN.name());
        return new Names(Map.copyOf(out));
    }

    /** One actor's name; prefer {@link #names} when showing a list. */
    public String name(String id) throws SQLException {
        return names(java.util.Collections.singletonList(id)).of(id);
    }

    static String label(User u) {
        String display = u.displayName() == null ? "" : u.displayName().strip();
        return display.isEmpty() || display.equals(u.username()) ? u.username() : display + " (" + u.username() + ")";
    }

    private static UUID uuid(String id) {
        // a user id is a 36-character UUID; anything else (first-run-admin, "system", a removed user's text) is kept as is
        if (id == null || id.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Resolved names; an id that is nobody known is shown as stored. Not escaped: pass through {@code Html.esc}. */
    public record Names(Map<String, String> byId) {
        public String of(String id) {
            return id == null ? null : Objects.requireNonNullElse(byId.get(id), id);
        }
    }
}
