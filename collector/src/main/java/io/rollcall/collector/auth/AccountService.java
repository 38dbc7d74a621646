package io.rollcall.collector.auth;

import io.rollcall.collector.http.ApiException;
import io.rollcall.collector.http.Principal;
import io.rollcall.collector.http.Role;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * People and their API tokens: an admin creates people and resets passwords; each person creates and
 * revokes their own tokens (an admin may revoke any, including the first-run admin token). Validates
 * everything before writing anything. Blocking (SQL, Argon2id).
 */
public final class AccountService {
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,63}");
    public static final int MIN_PASSWORD = 12;
    public static final int MAX_PASSWORD = 256;

    private final UserStore users;
    private final TokenStore tokens;
    private final PasswordHasher hasher;
    private final Clock clock;

    public AccountService(UserStore users, TokenStore tokens, PasswordHasher hasher, Clock clock) {
        this.users = users;
        this.tokens = tokens;
        this.hasher = hasher;
        this.clock = clock;
    }

    /** A token as created: the secret is in this answer and nowhere else. */
    public record NewToken(UUID id, String name, String token) {
        @Override
        public String toString() {
            return "NewToken[" + id + ", " + name + "]";
        }
    }

    public User create(Principal by, String username, String displayName, String role, String password)
            throws SQLException {
        String name = username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
        if (!USERNAME.matcher(name).matches()) {
            throw ApiException.badRequest("username: was '" + shorten(username)
                    + "', must be 2–64 of a–z, 0–9, '.', '_', '-' starting with a letter or digit");
        }
        String display = displayName == null ? "" : displayName.strip();
        if (display.isEmpty() || display.length() > 200) {
            throw ApiException.badRequest("displayName: is required, at most 200 characters");
        }
        Role r;
        try {
            r = Role.parse(role);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        checkPassword(password);
        var now = clock.instant();
        User u = new User(UUID.randomUUID(), name, display, r, hasher.hash(password), now, now, by.id(), false);
        if (!users.insert(u)) {
            throw new ApiException(409, "conflict", "username: '" + name + "' is already taken");
        }
        return u;
    }

    /** Sets a new password; every session the user had ends (their tokens stay: revoke those separately). */
    public void resetPassword(UUID id, String password) throws SQLException {
        checkPassword(password);
        if (!users.setPassword(id, hasher.hash(password), clock.instant())) {
            throw ApiException.notFound("no user " + id);
        }
    }

    public void setDisabled(UUID id, boolean disabled) throws SQLException {
        if (!users.setDisabled(id, disabled)) {
            throw ApiException.notFound("no user " + id);
        }
    }

    public List<User> list(int limit, int offset) throws SQLException {
        return users.list(limit, offset);
    }

    public NewToken createToken(Principal owner, String name) throws SQLException {
        UUID userId = userIdOf(owner);
        String label = name == null ? "" : name.strip();
        if (label.isEmpty() || label.length() > 100) {
            throw ApiException.badRequest("name: is required, at most 100 characters");
        }
        String secret = Secrets.random("rc_pat_");
        UUID id = UUID.randomUUID();
        tokens.insert(id, userId, label, Secrets.sha256Hex(secret), clock.instant());
        return new NewToken(id, label, secret);
    }

    /** The caller's tokens; every token (with the first-run one) for an admin. */
    public List<TokenStore.TokenInfo> tokens(Principal who) throws SQLException {
        if (who.role() == Role.ADMIN) {
            return tokens.list(null, true);
        }
        return tokens.list(userIdOf(who), false);
    }

    /** Revokes a token the caller owns (an admin: any token); 404 for a token they may not see. */
    public void revoke(Principal by, UUID id) throws SQLException {
        TokenStore.TokenInfo t = tokens.byId(id);
        boolean mine = t != null && t.owner() != null && t.owner().toString().equals(by.id());
        if (t == null || !(mine || by.role() == Role.ADMIN)) {
            throw ApiException.notFound("no token " + id);
        }
        if (!tokens.revoke(id, by.id(), clock.instant())) {
            throw new ApiException(409, "conflict", "token " + id + " is already revoked");
        }
    }

    private static UUID userIdOf(Principal p) {
        if (Principal.FIRST_RUN_ADMIN.id().equals(p.id())) {
            throw ApiException.forbidden("the first-run admin token cannot own tokens: create a user "
                    + "(POST /api/v1/users) and use theirs");
        }
        return UUID.fromString(p.id());
    }

    private static void checkPassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
            throw ApiException.badRequest("password: must be " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters");
        }
        if (password.isBlank()) {
            throw ApiException.badRequest("password: must not be only spaces");
        }
    }

    private static String shorten(String s) {
        return s == null ? "" : s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
