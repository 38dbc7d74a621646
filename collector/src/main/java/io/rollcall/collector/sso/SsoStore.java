package io.rollcall.collector.sso;

import io.rollcall.collector.db.Database;
import io.rollcall.collector.db.Jdbc;
import io.rollcall.collector.http.Role;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The {@code sso_providers} and {@code sso_role_rules} tables. Blocking. */
public final class SsoStore {
    private final Database db;

    public SsoStore(Database db) {
        this.db = db;
    }

    /** Adds or replaces the provider with this id. */
    public void put(SsoProvider p) throws SQLException {
        db.inTransaction(c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM sso_providers WHERE id = ?")) {
                del.setString(1, p.id());
                del.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO sso_providers (id, display_name, issuer, client_id, client_secret, client_secret_file,
                      enabled, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                ps.setString(1, p.id());
                ps.setString(2, p.displayName());
                ps.setString(3, p.issuer());
                ps.setString(4, p.clientId());
                ps.setString(5, p.clientSecret());
                ps.setString(6, p.clientSecretFile());
                ps.setBoolean(7, p.enabled());
                Jdbc.setInstant(ps, 8, p.createdAt());
                ps.setString(9, p.createdBy());
                ps.executeUpdate();
            }
            return null;
        });
    }

    public boolean delete(String id) throws SQLException {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM sso_providers WHERE id = ?")) {
                ps.setString(1, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    public List<SsoProvider> providers() throws SQLException {
        return db.read(c -> {
            List<SsoProvider> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM sso_providers ORDER BY id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new SsoProvider(rs.getString("id"), rs.getString("display_name"), rs.getString("issuer"),
                            rs.getString("client_id"), rs.getString("client_secret"),
                            rs.getString("client_secret_file"), rs.getBoolean("enabled"),
                            Jdbc.getInstant(rs, "created_at"), rs.getString("created_by")));
                }
            }
            return out;
        });
    }

    /** The provider with this id, or null. */
    public SsoProvider provider(String id) throws SQLException {
        return providers().stream().filter(p -> p.id().equals(id)).findFirst().orElse(null);
    }

    /** The role rules in the order they are tried. */
    public List<RoleRule> rules() throws SQLException {
        return db.read(c -> {
            List<RoleRule> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM sso_role_rules ORDER BY pos");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new RoleRule(rs.getString("kind"), rs.getString("match_value"),
                            Role.parse(rs.getString("role"))));
                }
            }
            return out;
        });
    }

    /** Replaces every rule with {@code rules}, in one transaction. */
    public void replaceRules(List<RoleRule> rules) throws SQLException {
        db.inTransaction(c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM sso_role_rules")) {
                del.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO sso_role_rules (pos, kind, match_value, role) VALUES (?, ?, ?, ?)")) {
                int i = 0;
                for (RoleRule r : rules) {
                    ps.setInt(1, i++);
                    ps.setString(2, r.kind());
                    ps.setString(3, r.value());
                    ps.setString(4, r.role().wire());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }
}
