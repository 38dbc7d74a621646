package io.rollcall.collector.software;

import io.rollcall.collector.db.Database;
import io.rollcall.collector.db.Jdbc;
import io.rollcall.collector.findings.Catalogue;
import io.rollcall.collector.findings.SoftwareTitle;
import io.rollcall.common.report.SoftwareItem;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The per-title install index: which device holds which title, which version and since when. The indexer keeps it
 * up to date from the difference between a device's indexed and new titles; decisions and licences read the holders
 * of one title from it. Readers read the view {@code software_held} (V29): a device's own rows in
 * {@code software_installs}, or, for a device whose titles have not changed since it was first indexed, the title
 * set it holds by one row ({@code software_set_holders}): a school image's 850 titles are stored once, not once per
 * laptop (BENCHMARKS.md, "The install index by title set"). A set never changes once stored; a holder whose titles
 * change has its rows written out, each kept title keeping its first-seen time. Blocking.
 */
public final class InstallIndex {
    private final Database db;

    public InstallIndex(Database db) {
        this.db = db;
    }

    /**
     * One title on one device, as a report shows it.
     *
     * @param raws the raw installs normalised to this title (remembered for re-normalisation)
     */
    public record Install(SoftwareTitle title, String version, Instant installedAt, List<SoftwareItem> raws) {
        public Install {
            raws = raws == null ? List.of() : List.copyOf(raws);
        }

        public Install(SoftwareTitle title, String version, Instant installedAt) {
            this(title, version, installedAt, List.of());
        }
    }

    /** One title on one device, as the index holds it. */
    public record Stored(String version, Instant installedAt) {
    }

    /** A device that holds a stored title set instead of rows of its own: which set, and since when. */
    public record Holding(String setId, Instant since) {
    }

    /** A device holding a title; {@code since} is when it was installed, or first seen when the OS does not say. */
    public record Holder(UUID deviceId, String version, Instant installedAt, Instant since) {
    }

    /**
     * What changes in a device's rows.
     *
     * @param upserts   titles added or whose version or install date changed, with their new values
     * @param added     the ids of upserts the device did not hold before
     * @param removed   titles no longer installed
     * @param reordered titles added, removed or re-dated: the ones whose licence seat order may change
     */
    public record Change(List<Install> upserts, Set<String> added, Set<String> removed, Set<String> reordered) {
        public boolean isEmpty() {
            return upserts.isEmpty() && removed.isEmpty();
        }
    }

    /**
     * A report's software list by title: several raw installs of one title count once, with the earliest
     * install date (then the highest version) so the seat order is stable.
     */
    public static Map<String, Install> titles(List<SoftwareItem> software, Catalogue catalogue) {
        Map<String, Install> out = new TreeMap<>();
        for (SoftwareItem item : software) {
            if (item == null || item.name() == null || item.name().isBlank()) {
                continue;
            }
            Install next = new Install(catalogue.titleOf(item), item.version(), item.installedAt(), List.of(item));
            out.merge(next.title().id(), next, (a, b) -> {
                Install e = earlier(a, b);
                List<SoftwareItem> raws = new ArrayList<>(a.raws());
                raws.addAll(b.raws());
                return new Install(e.title(), e.version(), e.installedAt(), raws);
            });
        }
        return out;
    }

    private static Install earlier(Install a, Install b) {
        if (!Objects.equals(a.installedAt(), b.installedAt())) {
            if (a.installedAt() == null) {
                return b;
            }
            if (b.installedAt() == null) {
                return a;
            }
            return a.installedAt().isBefore(b.installedAt()) ? a : b;
        }
        if (a.version() == null) {
            return b;
        }
        return b.version() == null || Versions.compare(a.version(), b.version()) >= 0 ? a : b;
    }

    /** The difference between what the index holds for a device and what its new report shows. Pure. */
    public static Change diff(Map<String, Stored> before, Map<String, Install> now) {
        List<Install> upserts = new ArrayList<>();
        Set<String> reordered = new TreeSet<>();
        Set<String> added = new TreeSet<>();
        for (Install i : now.values()) {
            Stored s = before.get(i.title().id());
            if (s == null) {
                upserts.add(i);
                added.add(i.title().id());
                reordered.add(i.title().id());
            } else if (!Objects.equals(s.version(), i.version()) || !Objects.equals(s.installedAt(), i.installedAt())) {
                upserts.add(i);
                if (!Objects.equals(s.installedAt(), i.installedAt())) {
                    reordered.add(i.title().id());
                }
            }
        }
        Set<String> removed = new TreeSet<>(before.keySet());
        removed.removeAll(now.keySet());
        reordered.addAll(removed);
        return new Change(upserts, added, removed, reordered);
    }

    /**
     * Re-derives a device's index from its stored software document ({@code null}: no list, so no titles) and applies
     * the difference in a transaction of its own. Under the device's lock, so no report changes the document
     * meanwhile (re-normalisation).
     */
    public Change reindex(UUID deviceId, byte[] softwareDoc, Catalogue catalogue, Instant now) throws SQLException {
        Map<String, Install> titles = titles(softwareDoc, catalogue);
        Holding holding = holdings(List.of(deviceId)).get(deviceId);
        Change change = diff(read(deviceId), titles);
        if (!change.isEmpty()) {
            db.inTransaction(c -> apply(c, deviceId, holding, titles, null, change, now, KeyCache.NONE));
        }
        return change;
    }

    /** The titles of a stored software document ({@code null}: no list, no titles). */
    public static Map<String, Install> titles(byte[] softwareDoc, Catalogue catalogue) {
        List<SoftwareItem> list = softwareDoc == null ? List.of()
                : io.rollcall.collector.ingest.SectionDocs.with(io.rollcall.common.report.Sections.EMPTY,
                        io.rollcall.collector.ingest.SectionDocs.SOFTWARE, softwareDoc).software();
        return titles(list, catalogue);
    }

    /** The device's rows. */
    public Map<String, Stored> read(UUID deviceId) throws SQLException {
        return read(List.of(deviceId)).get(deviceId);
    }

    /** The rows of each of {@code deviceIds} (one query; a device without rows maps to an empty map). */
    public Map<UUID, Map<String, Stored>> read(java.util.Collection<UUID> deviceIds) throws SQLException {
        Map<UUID, Map<String, Stored>> out = new HashMap<>();
        deviceIds.forEach(d -> out.put(d, new HashMap<>()));
        if (deviceIds.isEmpty()) {
            return out;
        }
        String marks = String.join(",", java.util.Collections.nCopies(deviceIds.size(), "?"));
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT device_id, title_id, version, installed_at "
                    + "FROM software_held WHERE device_id IN (" + marks + ")")) {
                int i = 1;
                for (UUID d : deviceIds) {
                    ps.setObject(i++, d);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.get(Jdbc.getUuid(rs, "device_id")).put(rs.getString("title_id"),
                                new Stored(rs.getString("version"), Jdbc.getInstant(rs, "installed_at")));
                    }
                }
            }
            return out;
        });
    }

    /** The title set each of {@code deviceIds} holds, for those that hold one (one query). */
    public Map<UUID, Holding> holdings(java.util.Collection<UUID> deviceIds) throws SQLException {
        Map<UUID, Holding> out = new HashMap<>();
        if (deviceIds.isEmpty()) {
            return out;
        }
        String marks = String.join(",", java.util.Collections.nCopies(deviceIds.size(), "?"));
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT device_id, set_id, since FROM software_set_holders WHERE device_id IN (" + marks + ")")) {
                int i = 1;
                for (UUID d : deviceIds) {
                    ps.setObject(i++, d);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(Jdbc.getUuid(rs, "device_id"),
                                new Holding(rs.getString("set_id"), Jdbc.getInstant(rs, "since")));
                    }
                }
            }
            return out;
        });
    }

    /**
     * The id of a device's titles as a set: SHA-256 of each title's id, version and install date, and the raw
     * installs normalised to it, in title order. Devices from one image, indexed with one catalogue, have one id; any
     * difference in any of them, another. The raw installs count because a set's are remembered ({@code software_raw})
     * only when the set is first stored, and re-normalisation finds the devices to move by them.
     */
    public static String setId(Map<String, Install> titles) {
        StringBuilder text = new StringBuilder(titles.size() * 80);
        Map<String, Install> sorted = titles instanceof java.util.SortedMap<String, Install> m && m.comparator() == null
                ? titles : new TreeMap<>(titles);
        for (Install i : sorted.values()) {
            text.append(i.title().id()).append('\u0000').append(cut(i.version(), 256)).append('\u0000')
                    .append(i.installedAt());
            for (SoftwareItem raw : i.raws()) {
                text.append('\u0000').append(raw.name()).append('\u0001').append(raw.version()).append('\u0001')
                        .append(raw.publisher()).append('\u0001').append(raw.source());
            }
            text.append('\n');
        }
        return io.rollcall.common.wire.Hashes.sha256Hex(text.toString());
    }

    /** Every device holding {@code titleId}, earliest install first; ties broken by device id. */
    public List<Holder> holders(String titleId) throws SQLException {
        return db.read(c -> holders(c, titleId));
    }

    static List<Holder> holders(Connection c, String titleId) throws SQLException {
        List<Holder> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT device_id, version, installed_at, COALESCE(installed_at, first_seen) AS since
                FROM software_held WHERE title_id = ? ORDER BY since, device_id""")) {
            ps.setString(1, titleId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Holder(Jdbc.getUuid(rs, "device_id"), rs.getString("version"),
                            Jdbc.getInstant(rs, "installed_at"), Jdbc.getInstant(rs, "since")));
                }
            }
        }
        return out;
    }

    /**
     * Applies {@code change} to a device's own rows inside the caller's transaction, seeding titles never seen before
     * (a device that holds no title set: tests, and {@link #apply}'s last case).
     *
     * @return rows the database still skipped as duplicates (only when another node inserted them meanwhile)
     */
    public static int write(Connection c, UUID deviceId, Change change, Instant now) throws SQLException {
        return write(c, deviceId, change, now, KeyCache.NONE);
    }

    /** As above, with the keys this node already saw committed skipped from the lookups. */
    static int write(Connection c, UUID deviceId, Change change, Instant now, KeyCache cache) throws SQLException {
        if (!change.removed().isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM software_installs WHERE device_id = ? AND title_id = ?")) {
                for (String t : change.removed()) {
                    ps.setObject(1, deviceId);
                    ps.setString(2, t);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        if (change.upserts().isEmpty()) {
            return 0;
        }
        int skipped = seed(c, change.upserts(), now, cache);
        List<Install> inserts = new ArrayList<>();
        try (PreparedStatement up = c.prepareStatement(
                "UPDATE software_installs SET version = ?, installed_at = ? WHERE device_id = ? AND title_id = ?")) {
            for (Install i : change.upserts()) {
                if (change.added().contains(i.title().id())) {
                    inserts.add(i); // known absent: no round trip to find out
                    continue;
                }
                up.setString(1, cut(i.version(), 256));
                Jdbc.setInstant(up, 2, i.installedAt());
                up.setObject(3, deviceId);
                up.setString(4, i.title().id());
                if (up.executeUpdate() == 0) {
                    inserts.add(i);
                }
            }
        }
        try (PreparedStatement ins = c.prepareStatement("""
                INSERT INTO software_installs (device_id, title_id, version, installed_at, first_seen)
                VALUES (?, ?, ?, ?, ?)""")) {
            for (Install i : inserts) {
                ins.setObject(1, deviceId);
                ins.setString(2, i.title().id());
                ins.setString(3, cut(i.version(), 256));
                Jdbc.setInstant(ins, 4, i.installedAt());
                Jdbc.setInstant(ins, 5, now);
                ins.addBatch();
            }
            ins.executeBatch();
        }
        return skipped;
    }

    /**
     * Applies a device's {@code change} (its new {@code titles} against what the index held) inside the caller's
     * transaction. A device with nothing indexed yet holds its titles' set, stored once by the first device to bring
     * it; a device that held a set and changed has its rows written out and its holder row removed; any other device's
     * rows change as {@link #write} does.
     *
     * @param holding the set the device holds, or {@code null}
     * @param setId   {@link #setId} of {@code titles} if the caller has it (devices sharing a list), else {@code null}
     * @return rows the database still skipped as duplicates (only when another node inserted them meanwhile)
     */
    public static int apply(Connection c, UUID deviceId, Holding holding, Map<String, Install> titles, String setId,
                            Change change, Instant now, KeyCache cache) throws SQLException {
        if (change.isEmpty()) {
            return 0;
        }
        boolean nothingBefore = holding == null && change.removed().isEmpty()
                && change.added().size() == titles.size();
        if (nothingBefore && !titles.isEmpty()) {
            return hold(c, deviceId, titles, setId == null ? setId(titles) : setId, now, cache);
        }
        if (holding != null) {
            return writeOut(c, deviceId, holding, titles, change, now, cache);
        }
        return write(c, deviceId, change, now, cache);
    }

    /** The device holds its titles' set from now on, the set stored first if new. */
    private static int hold(Connection c, UUID deviceId, Map<String, Install> titles, String setId, Instant now,
                            KeyCache cache) throws SQLException {
        int skipped = 0;
        if (!cache.knownSet(setId)) {
            // a stored set's titles and raw names were seeded in the transaction that stored it
            skipped = storeSet(c, setId, titles, now, cache);
            cache.stageSet(setId);
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO software_set_holders (device_id, set_id, since) VALUES (?, ?, ?)")) {
            ps.setObject(1, deviceId);
            ps.setString(2, setId);
            Jdbc.setInstant(ps, 3, now);
            ps.executeUpdate();
        }
        return skipped;
    }

    /** Stores the set, seeding its titles, unless stored already (by this node earlier, or by another meanwhile). */
    private static int storeSet(Connection c, String setId, Map<String, Install> titles, Instant now, KeyCache cache)
            throws SQLException {
        if (!KnownKeys.present(c, "software_title_sets", "id", Set.of(setId)).isEmpty()) {
            return 0;
        }
        try (PreparedStatement head = c.prepareStatement(
                "INSERT INTO software_title_sets (id, titles, stored_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            head.setString(1, setId);
            head.setInt(2, titles.size());
            Jdbc.setInstant(head, 3, now);
            if (head.executeUpdate() == 0) {
                return 0; // another node stored it and committed first: its rows are the same
            }
        }
        int skipped = seed(c, titles.values(), now, cache);
        try (PreparedStatement ins = c.prepareStatement(
                "INSERT INTO software_set_titles (set_id, title_id, version, installed_at) VALUES (?, ?, ?, ?)")) {
            for (Install i : titles.values()) {
                ins.setString(1, setId);
                ins.setString(2, i.title().id());
                ins.setString(3, cut(i.version(), 256));
                Jdbc.setInstant(ins, 4, i.installedAt());
                ins.addBatch();
            }
            ins.executeBatch();
        }
        return skipped;
    }

    /**
     * A device that held a set and whose titles changed: its rows are written out (a kept title keeps the time the
     * device was first seen with the set, a new one is first seen now) and it no longer holds the set.
     */
    private static int writeOut(Connection c, UUID deviceId, Holding holding, Map<String, Install> titles,
                                Change change, Instant now, KeyCache cache) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM software_set_holders WHERE device_id = ?")) {
            ps.setObject(1, deviceId);
            ps.executeUpdate();
        }
        int skipped = seed(c, change.upserts(), now, cache);
        try (PreparedStatement ins = c.prepareStatement("""
                INSERT INTO software_installs (device_id, title_id, version, installed_at, first_seen)
                VALUES (?, ?, ?, ?, ?)""")) {
            for (Install i : titles.values()) {
                ins.setObject(1, deviceId);
                ins.setString(2, i.title().id());
                ins.setString(3, cut(i.version(), 256));
                Jdbc.setInstant(ins, 4, i.installedAt());
                Jdbc.setInstant(ins, 5, change.added().contains(i.title().id()) ? now : holding.since());
                ins.addBatch();
            }
            ins.executeBatch();
        }
        return skipped;
    }

    /**
     * Seeds the raw names and titles of {@code installs} never seen before. Those already stored are looked up and left
     * out rather than offered to {@code ON CONFLICT DO NOTHING}, which H2 answers with a duplicate-key exception per
     * skipped row ({@link KnownKeys}).
     */
    private static int seed(Connection c, java.util.Collection<Install> installs, Instant now, KeyCache cache)
            throws SQLException {
        Map<String, List<SoftwareItem>> raws = new TreeMap<>();
        for (Install i : installs) {
            if (!i.raws().isEmpty()) {
                raws.put(i.title().id(), i.raws());
            }
        }
        int skipped = RawNames.remember(c, raws, now, cache);
        List<String> titleIds = installs.stream().map(i -> i.title().id()).toList();
        cache.stageTitles(titleIds);
        Set<String> unknown = cache.unknownTitles(titleIds);
        Set<String> known = KnownKeys.present(c, "software_titles", "id", unknown);
        List<Install> seeds = installs.stream()
                .filter(i -> unknown.contains(i.title().id()) && !known.contains(i.title().id())).toList();
        if (!seeds.isEmpty()) {
            try (PreparedStatement seed = c.prepareStatement("""
                    INSERT INTO software_titles (id, name, category, status, reason, decided_by, decided_at, first_seen)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")) {
                for (Install i : seeds) {
                    String status = CategoryDefaults.initialStatus(i.title().category());
                    boolean decided = !status.equals(Statuses.UNREVIEWED);
                    seed.setString(1, i.title().id());
                    seed.setString(2, cut(i.title().name(), 256));
                    seed.setString(3, i.title().category());
                    seed.setString(4, status);
                    seed.setString(5, decided ? CategoryDefaults.decision(i.title().category()).orElseThrow().reason() : null);
                    seed.setString(6, decided ? CategoryDefaults.DICTIONARY : null);
                    Jdbc.setInstant(seed, 7, decided ? now : null);
                    Jdbc.setInstant(seed, 8, now);
                    seed.addBatch();
                }
                skipped += KnownKeys.skipped(seed.executeBatch());
            }
        }
        return skipped;
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
