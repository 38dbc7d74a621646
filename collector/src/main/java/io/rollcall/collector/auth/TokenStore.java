package io.rollcall.collector.auth;

import io.rollcall.collector.db.Database;
import io.rollcall.collector.db.Jdbc;
import io.rollcall.collector.http.Role;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The {@code api_tokens} table: personal tokens (hashed) and the imported first-run admin token. Blocking. */
public final class TokenStore {
    private final Database db;

    public TokenStore(Database db) {
        this.db = db;
    }

    /** A token as listed: never the secret, never its hash. {@code owner} is null for the first-run admin token. */
    public record TokenInfo(UUID id, UUID owner, String ownerName, String name, Instant createdAt, Instant revokedAt) {
    }

    /** What a live token authenticates as: its owner (null for the first-run admin token) and the owner's role. */
    public record Holder(UUID tokenId, UUID userId, String username, Role role, boolean disabled) {
    }

    public void insert(UUID id, UUID userId, String name, String hash, Instant at) throws SQLException {
        db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO api_tokens (id, user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?, ?)")) {
                ps.setObject(1, id);
                ps.setObject(2, userId);
                ps.setString(3, name);
                ps.setString(4, hash);
                Jdbc.setInstant(ps, 5, at);
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Records the first-run admin token's hash once, so it can be listed and revoked. A hash already
     * present (live or revoked) is left alone: a revoked first-run token stays revoked across restarts.
     */
    public void importFirstRunAdmin(String hash, Instant at) throws SQLException {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM api_tokens WHERE token_hash = ?")) {
                ps.setString(1, hash);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return null;
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO api_tokens (id, user_id, name, token_hash, created_at) VALUES (?, NULL, ?, ?, ?)")) {
                ps.setObject(1, UUID.randomUUID());
                ps.setString(2, "first-run admin token");
                ps.setString(3, hash);
                Jdbc.setInstant(ps, 4, at);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** The live (not revoked) token with this hash, or null. */
    public Holder live(String hash) throws SQLException {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT t.id, t.user_id, u.username, u.role, u.disabled FROM api_tokens t
                    LEFT JOIN users u ON u.id = t.user_id
                    WHERE t.token_hash = ? AND t.revoked_at IS NULL""")) {
                ps.setString(1, hash);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    UUID user = Jdbc.getUuid(rs, "user_id");
                    if (user == null) {
                        return new Holder(Jdbc.getUuid(rs, "id"), null, null, Role.ADMIN, false);
                    }
                    return new Holder(Jdbc.getUuid(rs, "id"), user, rs.getString("username"),
                            Role.parse(rs.getString("role")), rs.getBoolean("disabled"));
                }
            }
        });
    }

    /** Tokens of {@code owner}, or every token when {@code owner} is null. Newest first. */
    public List<TokenInfo> list(UUID owner, boolean all) throws SQLException {
        String sql = "SELECT t.*, u.username FROM api_tokens t LEFT JOIN users u ON u.id = t.user_id"
                + (all ? "" : owner == null ? " WHERE t.user_id IS NULL" : " WHERE t.user_id = ?")
                + " ORDER BY t.created_at DESC, t.id LIMIT 1000";
        return db.read(c -> {
            List<TokenInfo> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (!all && owner != null) {
                    ps.setObject(1, owner);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(info(rs));
                    }
                }
            }
            return out;
        });
    }

    /** One token by id, or null. */
    public TokenInfo byId(UUID id) throws SQLException {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT t.*, u.username FROM api_tokens t LEFT JOIN users u ON u.id = t.user_id WHERE t.id = ?")) {
                ps.setObject(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? info(rs) : null;
                }
            }
        });
    }

    private static TokenInfo info(ResultSet rs) throws SQLException {
        UUID user = Jdbc.getUuid(rs, "user_id");
        return new TokenInfo(Jdbc.getUuid(rs, "id"), user, user == null ? "first-run admin" : rs.getString("username"),
                rs.getString("name"), Jdbc.getInstant(rs, "created_at"), Jdbc.getInstant(rs, "revoked_at"));
    }

    /** Marks a live token revoked; false when it does not exist or was already revoked. */
    public boolean revoke(UUID id, String by, Instant at) throws SQLException {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE api_tokens SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL")) {
                Jdbc.setInstant(ps, 1, at);
                ps.setString(2, by);
                ps.setObject(3, id);
                return ps.executeUpdate() == 1;
            }
        });
    }
}
