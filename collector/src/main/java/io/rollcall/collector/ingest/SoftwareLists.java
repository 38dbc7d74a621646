package io.rollcall.collector.ingest;

import io.rollcall.collector.db.Database;
import io.rollcall.collector.db.Docs;
import io.rollcall.common.report.SoftwareItem;
import io.rollcall.common.report.Sections;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The software lists agents reported, each stored once under the SHA-256 span digest of its bytes (table
 * {@code software_lists}, migration V28) and shared by every device and history row that reported it: laptops set
 * up from one image send the same list, so their first reports find it stored and neither build, encode nor write
 * it again. A list is written in the transaction of the first report that brings it and never changed (its digest is
 * its content), so the most recently used ones are kept decoded here: a node that has seen a list once answers
 * from memory, the database only for lists it has not (another node stored them, or it restarted). Thread-safe;
 * blocking (call from worker threads).
 */
public final class SoftwareLists {
    /** Lists kept decoded: a school has a few images (~200 KB of objects each); a trust a few dozen. */
    static final int REMEMBERED = 64;

    private final Database db;
    /** Access-ordered: the least recently used list is the first dropped. */
    private final Map<String, List<SoftwareItem>> recent = new LinkedHashMap<>(REMEMBERED * 2, 0.75f, true);

    public SoftwareLists(Database db) {
        this.db = db;
    }

    /** Whether a list is stored under {@code digest}: remembered, or found by one primary-key read. */
    public boolean stored(String digest) {
        synchronized (recent) {
            if (recent.containsKey(digest)) {
                return true;
            }
        }
        try {
            return db.read(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM software_lists WHERE digest = ?")) {
                    ps.setString(1, digest);
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next();
                    }
                }
            });
        } catch (SQLException e) {
            throw new IllegalStateException("cannot look up a stored software list: " + e.getMessage(), e);
        }
    }

    /** The list stored under {@code digest}, or {@code null} when there is none. */
    public List<SoftwareItem> list(String digest) throws SQLException {
        synchronized (recent) {
            List<SoftwareItem> l = recent.get(digest);
            if (l != null) {
                return l;
            }
        }
        byte[] doc = db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT doc FROM software_lists WHERE digest = ?")) {
                ps.setString(1, digest);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getBytes(1) : null;
                }
            }
        });
        if (doc == null) {
            return null;
        }
        List<SoftwareItem> l = SectionDocs.with(Sections.EMPTY, SectionDocs.SOFTWARE, doc).software();
        remember(digest, l);
        return l;
    }

    /** Keeps a list decoded once its row is committed (or read). */
    void remember(String digest, List<SoftwareItem> list) {
        synchronized (recent) {
            recent.put(digest, List.copyOf(list));
            if (recent.size() > REMEMBERED) {
                recent.remove(recent.keySet().iterator().next());
            }
        }
    }

    /**
     * The SQL that reads a section document whether stored inline or by reference: {@code alias.doc} for a row of
     * {@code device_sections} or {@code section_history} under {@code alias}, joined as
     * {@code LEFT JOIN software_lists l ON l.digest = alias.list_digest} by {@link #join(String)}.
     */
    public static String doc(String alias) {
        return "COALESCE(l.doc, " + alias + ".doc)";
    }

    /** The join that {@link #doc(String)} reads through. */
    public static String join(String alias) {
        return " LEFT JOIN software_lists l ON l.digest = " + alias + ".list_digest";
    }

    /** The number of distinct lists stored (for tests and the metrics). */
    public long count() throws SQLException {
        return db.count("SELECT COUNT(*) FROM software_lists");
    }
}
