package io.rollcall.collector.loans;

import io.rollcall.collector.ingest.SoftwareLists;

import com.fasterxml.jackson.core.type.TypeReference;
import io.rollcall.collector.db.Docs;
import io.rollcall.collector.db.Jdbc;
import io.rollcall.common.report.Account;
import io.rollcall.common.report.AccountsSection;
import io.rollcall.common.report.SoftwareItem;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * What changed on a lent device during the loan, from the report history: the software and accounts
 * documents as they stood when the loan began (the last stored version at or before it) against the
 * last one at or before the end, and the removable media connected in between. Reads two documents
 * per section, whatever the length of the loan.
 */
public final class ReturnInspection {
    private static final TypeReference<List<SoftwareItem>> SOFTWARE = new TypeReference<>() {
    };

    /**
     * @param baselineAt  when the "before" documents were stored; after {@code from} when the device first
     *                    reported during the loan, so earlier changes are not known
     */
    public record Result(UUID deviceId, Instant from, Instant to, Instant baselineAt, int reports, Instant lastReportAt,
                         List<Software> softwareInstalled, List<Software> softwareRemoved,
                         List<VersionChange> softwareChanged, List<AccountRef> accountsAdded,
                         List<AccountRef> accountsRemoved, List<Media> mediaConnected) {
    }

    public record Software(String name, String version, String publisher) {
    }

    public record VersionChange(String name, String from, String to) {
    }

    /** An account by name (school accounts) or by its salted hash (personal ones: never the name). */
    public record AccountRef(String account, String kind, boolean admin, boolean schoolAccount) {
    }

    public record Media(Instant at, String kind, String vendor, String product, String serial, Long capacityBytes) {
    }

    private ReturnInspection() {
    }

    public static Result inspect(Connection c, UUID deviceId, Instant from, Instant to) throws SQLException {
        Doc swBefore = before(c, deviceId, "software", from, to);
        Doc swAfter = latest(c, deviceId, "software", to);
        Doc accBefore = before(c, deviceId, "accounts", from, to);
        Doc accAfter = latest(c, deviceId, "accounts", to);
        Map<String, SoftwareItem> a = software(swBefore);
        Map<String, SoftwareItem> b = software(swAfter);
        List<Software> installed = new ArrayList<>();
        List<Software> removed = new ArrayList<>();
        List<VersionChange> changed = new ArrayList<>();
        b.forEach((k, v) -> {
            SoftwareItem old = a.get(k);
            if (old == null) {
                installed.add(new Software(v.name(), v.version(), v.publisher()));
            } else if (!java.util.Objects.equals(old.version(), v.version())) {
                changed.add(new VersionChange(v.name(), old.version(), v.version()));
            }
        });
        a.forEach((k, v) -> {
            if (!b.containsKey(k)) {
                removed.add(new Software(v.name(), v.version(), v.publisher()));
            }
        });
        Map<String, Account> ua = accounts(accBefore);
        Map<String, Account> ub = accounts(accAfter);
        List<AccountRef> added = new ArrayList<>();
        List<AccountRef> gone = new ArrayList<>();
        ub.forEach((k, v) -> {
            if (!ua.containsKey(k)) {
                added.add(ref(v));
            }
        });
        ua.forEach((k, v) -> {
            if (!ub.containsKey(k)) {
                gone.add(ref(v));
            }
        });
        Instant baselineAt = swBefore != null ? swBefore.at : accBefore != null ? accBefore.at : null;
        int reports = 0;
        Instant last = null;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*), MAX(received_at) FROM report_log WHERE device_id = ? AND received_at >= ? AND received_at <= ?")) {
            ps.setObject(1, deviceId);
            Jdbc.setInstant(ps, 2, from);
            Jdbc.setInstant(ps, 3, to);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    reports = rs.getInt(1);
                    java.time.OffsetDateTime t = rs.getObject(2, java.time.OffsetDateTime.class);
                    last = t == null ? null : t.toInstant();
                }
            }
        }
        return new Result(deviceId, from, to, baselineAt, reports, last, installed, removed, changed, added, gone,
                media(c, deviceId, from, to));
    }

    private record Doc(Instant at, byte[] doc) {
    }

    /**
     * A device's versions of one section as one timeline: those it replaced ({@code section_history}, each from when
     * it became current) and its current one ({@code device_sections}); the one version picked is then read, an
     * agent's software list where it is stored once ({@link SoftwareLists}). Formatted with the comparison and the order.
     */
    private static final String VERSION = "SELECT " + SoftwareLists.doc("v") + " AS doc, v.changed_at FROM ("
            + "SELECT h.doc, h.list_digest, h.changed_at FROM section_history h"
            + " WHERE h.device_id = ? AND h.section = ? AND h.changed_at %1$s ?"
            + " UNION ALL SELECT d.doc, d.list_digest, d.updated_at FROM device_sections d"
            + " WHERE d.device_id = ? AND d.section = ? AND d.updated_at %1$s ?"
            + " ORDER BY changed_at %2$s LIMIT 1) v" + SoftwareLists.join("v");
    private static final String AT_OR_BEFORE = VERSION.formatted("<=", "DESC");
    private static final String AT_OR_AFTER = VERSION.formatted(">=", "ASC");

    /** The document in force when the loan began, or failing that the first one stored during it. */
    private static Doc before(Connection c, UUID device, String section, Instant from, Instant to) throws SQLException {
        Doc d = one(c, AT_OR_BEFORE, device, section, from);
        if (d != null) {
            return d;
        }
        Doc first = one(c, AT_OR_AFTER, device, section, from);
        return first != null && !first.at.isAfter(to) ? first : null;
    }

    private static Doc latest(Connection c, UUID device, String section, Instant to) throws SQLException {
        return one(c, AT_OR_BEFORE, device, section, to);
    }

    private static Doc one(Connection c, String sql, UUID device, String section, Instant t) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int from = 1; from <= 4; from += 3) {
                ps.setObject(from, device);
                ps.setString(from + 1, section);
                Jdbc.setInstant(ps, from + 2, t);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Doc(Jdbc.getInstant(rs, "changed_at"), rs.getBytes("doc")) : null;
            }
        }
    }

    private static Map<String, SoftwareItem> software(Doc d) {
        Map<String, SoftwareItem> out = new LinkedHashMap<>();
        if (d != null) {
            for (SoftwareItem s : Docs.decode(d.doc, SOFTWARE)) {
                out.putIfAbsent(s.name().toLowerCase(Locale.ROOT), s);
            }
        }
        return out;
    }

    private static Map<String, Account> accounts(Doc d) {
        Map<String, Account> out = new LinkedHashMap<>();
        if (d != null) {
            for (Account a : Docs.decode(d.doc, AccountsSection.class).users()) {
                if (a.reference() != null) {
                    out.putIfAbsent(a.reference(), a);
                }
            }
        }
        return out;
    }

    private static AccountRef ref(Account a) {
        return new AccountRef(a.reference(), a.kind() == null ? null : a.kind().name().toLowerCase(Locale.ROOT),
                a.admin(), a.isSchoolAccount());
    }

    private static List<Media> media(Connection c, UUID device, Instant from, Instant to) throws SQLException {
        List<Media> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT at, kind, vendor, product, serial, capacity_bytes FROM media_events
                WHERE device_id = ? AND action = 'connected' AND at >= ? AND at <= ? ORDER BY at LIMIT 500""")) {
            ps.setObject(1, device);
            Jdbc.setInstant(ps, 2, from);
            Jdbc.setInstant(ps, 3, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Media(Jdbc.getInstant(rs, "at"), rs.getString("kind"), rs.getString("vendor"),
                            rs.getString("product"), rs.getString("serial"), (Long) rs.getObject("capacity_bytes")));
                }
            }
        }
        return out;
    }
}
