package io.rollcall.collector.auth;

import com.hazelcast.map.IMap;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Console sessions in a Hazelcast IMap, so any collector node serves any session and a node that
 * dies takes none with it (one backup). A session ends after {@link #IDLE} without use or
 * {@link #ABSOLUTE} after sign-in, whichever is first; Hazelcast expires the entry. Blocking.
 */
public final class SessionStore {
    public static final String MAP = "console-sessions";
    public static final Duration IDLE = Duration.ofMinutes(30);
    public static final Duration ABSOLUTE = Duration.ofHours(12);

    private final IMap<String, Session> sessions;
    private final Clock clock;

    public SessionStore(IMap<String, Session> sessions, Clock clock) {
        this.sessions = sessions;
        this.clock = clock;
    }

    /** A new session for {@code userId}; returns the cookie value (shown once, stored only hashed). */
    public String create(UUID userId) {
        String id = Secrets.random("");
        sessions.put(Secrets.sha256Hex(id), new Session(userId, Secrets.random(""), clock.instant()),
                ABSOLUTE.toSeconds(), TimeUnit.SECONDS, IDLE.toSeconds(), TimeUnit.SECONDS);
        return id;
    }

    /** The live session behind a cookie value, or null. Reading it counts as use (idle timer restarts). */
    public Session get(String cookieValue) {
        if (cookieValue == null || cookieValue.isEmpty() || cookieValue.length() > 100) {
            return null;
        }
        Session s = sessions.get(Secrets.sha256Hex(cookieValue));
        if (s != null && clock.instant().isAfter(s.createdAt().plus(ABSOLUTE))) {
            return null;
        }
        return s;
    }

    public void delete(String cookieValue) {
        if (cookieValue != null && cookieValue.length() <= 100) {
            sessions.delete(Secrets.sha256Hex(cookieValue));
        }
    }
}
