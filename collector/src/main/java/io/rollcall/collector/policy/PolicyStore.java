package io.rollcall.collector.policy;

import io.rollcall.collector.cluster.SettingsVersions;
import io.rollcall.collector.db.Database;
import io.rollcall.collector.db.Jdbc;
import io.rollcall.collector.findings.ApprovedMedia;
import io.rollcall.collector.findings.Policy;
import io.rollcall.collector.media.MediaStore;
import io.rollcall.common.wire.WireJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The policy in force on every node: the newest row of {@code policy_versions} (defaults when there is none)
 * with the approved media of {@code approved_media}. Held in memory and reloaded when
 * {@link SettingsVersions} says another node (or this one) changed either, so {@link #get()} costs one map read.
 * Blocking.
 */
public final class PolicyStore implements Supplier<Policy> {
    static final String POLICY_KEY = "policy";
    public static final String MEDIA_KEY = "approved-media";

    private final Database db;
    private final MediaStore media;
    private final SettingsVersions versions;
    private volatile Snapshot snapshot;

    /** The policy in force and where it came from. */
    public record Snapshot(String policyToken, String mediaToken, Policy policy, int version, String changedBy,
                           Instant changedAt) {
    }

    /** One stored version, for the history. */
    public record VersionRow(int version, String changedBy, Instant changedAt) {
    }

    public PolicyStore(Database db, MediaStore media, SettingsVersions versions) {
        this.db = db;
        this.media = media;
        this.versions = versions;
        this.snapshot = load(versions.current(POLICY_KEY), versions.current(MEDIA_KEY));
    }

    @Override
    public Policy get() {
        return snapshot().policy();
    }

    /** The current snapshot, reloaded first if it is out of date. */
    public Snapshot snapshot() {
        String p = versions.current(POLICY_KEY);
        String m = versions.current(MEDIA_KEY);
        Snapshot s = snapshot;
        if (!p.equals(s.policyToken()) || !m.equals(s.mediaToken())) {
            s = load(p, m);
            snapshot = s;
        }
        return s;
    }

    private Snapshot load(String policyToken, String mediaToken) {
        try {
            List<ApprovedMedia> approved = new ArrayList<>();
            for (MediaStore.Approved a : media.list()) {
                approved.add(new ApprovedMedia(a.serial(), a.vendorId(), a.productId(), a.description()));
            }
            return db.read(c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT * FROM policy_versions ORDER BY version DESC LIMIT 1");
                     ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return new Snapshot(policyToken, mediaToken, Policy.defaults().withApprovedMedia(approved), 0,
                                null, null);
                    }
                    Policy p = WireJson.mapper().readValue(rs.getString("doc"), Policy.class);
                    return new Snapshot(policyToken, mediaToken, p.withApprovedMedia(approved), rs.getInt("version"),
                            rs.getString("changed_by"), Jdbc.getInstant(rs, "changed_at"));
                } catch (IOException e) {
                    throw new UncheckedIOException("stored policy is unreadable", e);
                }
            });
        } catch (SQLException e) {
            throw new IllegalStateException("the policy could not be loaded: " + e.getMessage(), e);
        }
    }

    /** Stores {@code p} (already validated; approved media are not part of it) as the next version. */
    public int put(Policy p, String actor, Instant now) throws SQLException {
        String doc;
        try {
            doc = WireJson.mapper().writeValueAsString(p.withApprovedMedia(List.of()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int version = db.inTransaction(c -> {
            int next;
            try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(version), 0) + 1 FROM policy_versions");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                next = rs.getInt(1);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO policy_versions (version, doc, changed_by, changed_at) VALUES (?, ?, ?, ?)")) {
                ps.setInt(1, next);
                ps.setString(2, doc);
                ps.setString(3, actor);
                Jdbc.setInstant(ps, 4, now);
                ps.executeUpdate(); // a concurrent writer with the same number fails on the key: nothing half-written
            }
            return next;
        });
        versions.bump(POLICY_KEY);
        snapshot();
        return version;
    }

    /** Marks the approved media changed on every node. */
    public void mediaChanged() {
        versions.bump(MEDIA_KEY);
        snapshot();
    }

    public List<VersionRow> history() throws SQLException {
        return db.read(c -> {
            List<VersionRow> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT version, changed_by, changed_at FROM policy_versions ORDER BY version DESC LIMIT 500");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new VersionRow(rs.getInt(1), rs.getString(2), Jdbc.getInstant(rs, "changed_at")));
                }
            }
            return out;
        });
    }
}
