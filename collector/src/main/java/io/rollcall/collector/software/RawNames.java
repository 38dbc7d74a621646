package io.rollcall.collector.software;

import io.rollcall.collector.db.Jdbc;
import io.rollcall.common.report.SoftwareItem;
import io.rollcall.common.report.SoftwareSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The raw installs behind the titles ({@code software_raw}): each distinct name, version, publisher and source
 * seen, and the title it is normalised to. A changed normalisation rule re-normalises these rows, not the
 * devices' software lists, to find which titles lose installs. Blocking; runs inside the caller's connection.
 */
final class RawNames {
    private RawNames() {
    }

    /** One stored raw install and the title it was normalised to. */
    record Row(String key, SoftwareItem item, String titleId) {
    }

    /** The row key: SHA-256 over the four identifying fields (they are too long together for a portable key). */
    static String key(SoftwareItem i) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {i.name(), i.version(), i.publisher(),
                i.source() == null ? null : i.source().name()}) {
                md.update((part == null ? "\u0000" : part + "\u0001").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Records the raw installs of these titles; rows already known are left as they are, and not offered to the
     * database again (see {@link KnownKeys}).
     *
     * @return rows the database still skipped as duplicates (another node inserted them meanwhile): 0 normally
     */
    static int remember(Connection c, Map<String, List<SoftwareItem>> byTitle, Instant now) throws SQLException {
        return remember(c, byTitle, now, KeyCache.NONE);
    }

    /** As above, asking the store only about keys {@code cache} does not know, and staging all of them in it. */
    static int remember(Connection c, Map<String, List<SoftwareItem>> byTitle, Instant now, KeyCache cache)
            throws SQLException {
        Map<String, Map.Entry<String, SoftwareItem>> byKey = new LinkedHashMap<>();
        for (Map.Entry<String, List<SoftwareItem>> e : byTitle.entrySet()) {
            for (SoftwareItem i : e.getValue()) {
                byKey.putIfAbsent(key(i), Map.entry(e.getKey(), i));
            }
        }
        cache.stageRaws(byKey.keySet());
        byKey.keySet().retainAll(cache.unknownRaws(byKey.keySet()));
        byKey.keySet().removeAll(KnownKeys.present(c, "software_raw", "raw_key", byKey.keySet()));
        if (byKey.isEmpty()) {
            return 0;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO software_raw (raw_key, name, version, publisher, source, title_id, first_seen)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")) {
            for (Map.Entry<String, Map.Entry<String, SoftwareItem>> e : byKey.entrySet()) {
                SoftwareItem i = e.getValue().getValue();
                ps.setString(1, e.getKey());
                ps.setString(2, cut(i.name(), 1024));
                ps.setString(3, cut(i.version(), 256));
                ps.setString(4, cut(i.publisher(), 256));
                ps.setString(5, i.source() == null ? null : i.source().name());
                ps.setString(6, e.getValue().getKey());
                Jdbc.setInstant(ps, 7, now);
                ps.addBatch();
            }
            return KnownKeys.skipped(ps.executeBatch());
        }
    }

    /** Every stored raw install. */
    static List<Row> all(Connection c) throws SQLException {
        List<Row> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT raw_key, name, version, publisher, source, title_id FROM software_raw");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String source = rs.getString("source");
                out.add(new Row(rs.getString("raw_key"), new SoftwareItem(rs.getString("name"), rs.getString("version"),
                        rs.getString("publisher"), null, source == null ? null : SoftwareSource.valueOf(source), null),
                        rs.getString("title_id")));
            }
        }
        return out;
    }

    /** Points these rows at their new titles. */
    static void move(Connection c, Collection<Row> moved) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE software_raw SET title_id = ? WHERE raw_key = ?")) {
            for (Row r : moved) {
                ps.setString(1, r.titleId());
                ps.setString(2, r.key());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
