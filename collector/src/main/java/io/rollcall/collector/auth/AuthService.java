package io.rollcall.collector.auth;

import io.rollcall.collector.http.ApiException;
import io.rollcall.collector.http.Principal;
import java.sql.SQLException;
import java.time.Clock;

/**
 * Who a credential belongs to: a password (rate-limited), a bearer token, or a console session.
 * Every method blocks (SQL, Argon2id, IMap): call from a worker.
 */
public final class AuthService {
    private final UserStore users;
    private final TokenStore tokens;
    private final SessionStore sessions;
    private final LoginLimiter limiter;
    private final PasswordHasher hasher;
    private final Clock clock;
    /** Verified against when the username does not exist, so a miss costs as long as a wrong password. */
    private final String decoy;

    public AuthService(UserStore users, TokenStore tokens, SessionStore sessions, LoginLimiter limiter,
                       PasswordHasher hasher, Clock clock) {
        this.users = users;
        this.tokens = tokens;
        this.sessions = sessions;
        this.limiter = limiter;
        this.hasher = hasher;
        this.clock = clock;
        this.decoy = hasher.hash(Secrets.random(""));
    }

    /** The people who log in, for pages that show who did what. */
    public UserStore users() {
        return users;
    }

    /** A session principal and the session's CSRF token. */
    public record SessionPrincipal(Principal principal, Session session) {
    }

    /**
     * The enabled user with this username and password.
     *
     * @throws ApiException 429 with Retry-After while {@link LoginLimiter} holds this account at this address back
     *                      (the password is then not checked), 401 for a wrong username or password
     */
    public User login(String username, String password, String address) throws SQLException {
        return login(username, password, address, null).user();
    }

    /**
     * A console sign-in: the user, and the known-device token for the browser to keep. The token the browser
     * showed ({@code deviceToken}, may be null) makes it a client of its own for {@link LoginLimiter} when it
     * signed into this account before, so failures of others behind the same address do not hold it back.
     */
    public record SignIn(User user, String deviceToken) {
    }

    /** As {@link #login(String, String, String)}, counting a known device apart from its address. */
    public SignIn login(String username, String password, String address, String deviceToken) throws SQLException {
        String name = username == null ? "" : username.trim().toLowerCase(java.util.Locale.ROOT);
        address = limiter.client(name, address, deviceToken);
        LoginLimiter.Refusal no = limiter.check(name, address);
        if (no != null) {
            long wait = no.retryAfterSeconds();
            throw ApiException.tooManyAttempts(no.reason() + "; try again in " + wait + " seconds", wait);
        }
        User u = name.isEmpty() || name.length() > 64 ? null : users.byUsername(name);
        boolean ok = hasher.verify(password == null ? "" : password, u == null ? decoy : u.passwordHash());
        if (!ok || u == null || u.disabled()) {
            limiter.failed(name, address);
            throw ApiException.unauthorized("wrong username or password");
        }
        limiter.succeeded(name, address);
        if (hasher.needsRehash(u.passwordHash())) {
            users.setPassword(u.id(), hasher.hash(password), u.passwordChangedAt());
        }
        String device = address.startsWith("device:") ? deviceToken : Secrets.random("");
        limiter.rememberDevice(name, device);
        return new SignIn(u, device);
    }

    /** The principal a bearer token authenticates as, or null when it is unknown, revoked or its owner disabled. */
    public Principal byToken(String token) throws SQLException {
        if (token == null || token.length() > 256) {
            return null;
        }
        TokenStore.Holder h = tokens.live(Secrets.sha256Hex(token));
        if (h == null || h.disabled()) {
            return null;
        }
        return h.userId() == null ? Principal.FIRST_RUN_ADMIN
                : new Principal(h.userId().toString(), h.username(), h.role());
    }

    /**
     * The session behind a cookie value and its user as a principal, or null when the session is gone,
     * the user is disabled, or the password changed after the session began.
     */
    public SessionPrincipal bySession(String cookie) throws SQLException {
        Session s = sessions.get(cookie);
        if (s == null) {
            return null;
        }
        User u = users.byId(s.userId());
        if (u == null || u.disabled() || u.passwordChangedAt().isAfter(s.createdAt())) {
            sessions.delete(cookie);
            return null;
        }
        return new SessionPrincipal(u.principal(), s);
    }

    /** Starts a console session; returns the cookie value. */
    public String startSession(User u) {
        return sessions.create(u.id());
    }

    public void endSession(String cookie) {
        sessions.delete(cookie);
    }

    Clock clock() {
        return clock;
    }
}
