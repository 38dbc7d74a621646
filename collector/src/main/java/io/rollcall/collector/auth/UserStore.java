package io.rollcall.collector.auth;

import io.rollcall.collector.db.Database;
import io.rollcall.collector.db.Jdbc;
import io.rollcall.collector.http.Role;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The {@code users} table. Blocking. */
public final class UserStore {
    private final Database db;

    public UserStore(Database db) {
        this.db = db;
    }

    /** Inserts {@code u}; false when the username is taken (nothing written). */
    public boolean insert(User u) throws SQLException {
        return db.inTransaction(c -> {
            if (byUsername(c, u.username()) != null) {
                return false;
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO users (id, username, display_name, role, password_hash, password_changed_at,
                      created_at, created_by, disabled) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                ps.setObject(1, u.id());
                ps.setString(2, u.username());
                ps.setString(3, u.displayName());
                ps.setString(4, u.role().wire());
                ps.setString(5, u.passwordHash());
                Jdbc.setInstant(ps, 6, u.passwordChangedAt());
                Jdbc.setInstant(ps, 7, u.createdAt());
                ps.setString(8, u.createdBy());
                ps.setBoolean(9, u.disabled());
                ps.executeUpdate();
            }
            return true;
        });
    }

    /** Replaces the password hash; false when no such user. */
    public boolean setPassword(UUID id, String hash, Instant at) throws SQLException {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?")) {
                ps.setString(1, hash);
                Jdbc.setInstant(ps, 2, at);
                ps.setObject(3, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Sets the name and role a single sign-on gave (issue 17: the admin's mapping is applied at every sign-in). */
    public boolean setNameAndRole(UUID id, String displayName, Role role) throws SQLException {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE users SET display_name = ?, role = ? WHERE id = ?")) {
                ps.setString(1, displayName);
                ps.setString(2, role.wire());
                ps.setObject(3, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Disables or re-enables a user; false when no such user. */
    public boolean setDisabled(UUID id, boolean disabled) throws SQLException {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE users SET disabled = ? WHERE id = ?")) {
                ps.setBoolean(1, disabled);
                ps.setObject(2, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    public User byId(UUID id) throws SQLException {
        return db.read(c -> one(c, "SELECT * FROM users WHERE id = ?", id));
    }

    public User byUsername(String username) throws SQLException {
        return db.read(c -> byUsername(c, username));
    }

    private static User byUsername(Connection c, String username) throws SQLException {
        return one(c, "SELECT * FROM users WHERE username = ?", username);
    }

    public List<User> list(int limit, int offset) throws SQLException {
        return db.read(c -> {
            List<User> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM users ORDER BY username LIMIT ? OFFSET ?")) {
                ps.setInt(1, limit);
                ps.setInt(2, offset);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(map(rs));
                    }
                }
            }
            return out;
        });
    }

    /**
     * Username and display name of each of {@code ids} that is a user, in one query (for showing who did
     * something); ids that are no user are left out. At most 1,000 ids.
     */
    public java.util.Map<UUID, User> byIds(java.util.Collection<UUID> ids) throws SQLException {
        if (ids.isEmpty()) {
            return java.util.Map.of();
        }
        if (ids.size() > 1_000) {
            throw new IllegalArgumentException("ids had " + ids.size() + " entries, must be at most 1000");
        }
        return db.read(c -> {
            java.util.Map<UUID, User> out = new java.util.HashMap<>();
            String marks = String.join(", ", java.util.Collections.nCopies(ids.size(), "?"));
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM users WHERE id IN (" + marks + ")")) {
                int i = 1;
                for (UUID id : ids) {
                    ps.setObject(i++, id);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        User u = map(rs);
                        out.put(u.id(), u);
                    }
                }
            }
            return out;
        });
    }

    public long count() throws SQLException {
        return db.count("SELECT COUNT(*) FROM users");
    }

    private static User one(Connection c, String sql, Object arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? map(rs) : null;
            }
        }
    }

    private static User map(ResultSet rs) throws SQLException {
        return new User(Jdbc.getUuid(rs, "id"), rs.getString("username"), rs.getString("display_name"),
                Role.parse(rs.getString("role")), rs.getString("password_hash"),
                Jdbc.getInstant(rs, "password_changed_at"), Jdbc.getInstant(rs, "created_at"),
                rs.getString("created_by"), rs.getBoolean("disabled"));
    }
}
