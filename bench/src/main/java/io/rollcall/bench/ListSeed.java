package io.rollcall.bench;

import io.rollcall.collector.db.Database;
import io.rollcall.collector.db.Jdbc;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/**
 * Seeds a collector database directly, as a school with a large fleet would have it after months of
 * reports: devices with their stored sections, open findings on about 30 % of them across several rules,
 * 5 % stale, resolved findings (the history a findings list must skip past), 84 daily compliance
 * snapshots, and an asset register with people and loans. Deterministic for a given seed, so before and
 * after figures read the same data.
 */
final class ListSeed {
    /** Rules the non-compliant devices fail, most common first (a device fails one to three). */
    static final List<String> RULES = List.of("screenlock.idle-too-long", "security.unencrypted",
            "software.unapproved", "accounts.daily-admin", "security.firewall-off", "media.unapproved");
    static final String STALE_RULE = "device.stale";
    static final UUID DEFAULT_TERMS = UUID.fromString("00000000-0000-0000-0000-000000000001");
    private static final String[] OS = {"windows", "windows", "windows", "macos", "macos", "linux"};
    private static final String[] PREFIX = {"staff", "lab", "office", "library", "science", "art", "music", "admin"};

    private final int devices;
    private final int assets;
    private final int loans;
    private final Instant now;
    private final Random random = new Random(20_000);

    ListSeed(int devices, int assets, int loans, Instant now) {
        this.devices = devices;
        this.assets = assets;
        this.loans = loans;
        this.now = now;
    }

    /** Counts of what was written. */
    record Seeded(int devices, int nonCompliant, int stale, int openFindings, int resolvedFindings, int loans) {
    }

    Seeded seed(Database db) throws SQLException {
        Seeded s = db.inTransaction(this::devicesAndFindings);
        db.inTransaction(c -> {
            snapshots(c);
            loans(c);
            return null;
        });
        return s;
    }

    private Seeded devicesAndFindings(Connection c) throws SQLException {
        int nonCompliant = 0;
        int stale = 0;
        int open = 0;
        int resolved = 0;
        try (PreparedStatement dev = c.prepareStatement("""
                INSERT INTO devices (id, hardware_uuid, serial_number, hostname, os_family, os_version, secret_hash,
                  enrolled_at, last_seen_at, last_report_kind, agent_version, compliant, open_findings)
                VALUES (?, ?, ?, ?, ?, ?, 'x', ?, ?, 'full', '0.1.0', ?, ?)""");
             PreparedStatement sec = c.prepareStatement("""
                INSERT INTO device_sections (device_id, section, doc, sha256, updated_at, report_id)
                VALUES (?, ?, ?, ?, ?, ?)""");
             PreparedStatement find = c.prepareStatement("""
                INSERT INTO findings (id, device_id, rule, subject, outcome, severity, status, first_seen, last_seen,
                  resolved_at, evidence, policy_ref) VALUES (?, ?, ?, ?, 'fail', ?, ?, ?, ?, ?, ?, ?)""")) {
            for (int i = 0; i < devices; i++) {
                UUID id = new UUID(random.nextLong(), random.nextLong());
                boolean isStale = i % 20 == 7;
                Instant lastSeen = isStale ? now.minus(Duration.ofDays(20 + random.nextInt(60)))
                        : now.minus(Duration.ofMinutes(random.nextInt(24 * 60)));
                List<String> failing = new ArrayList<>();
                if (random.nextInt(100) < 30) {
                    int n = 1 + random.nextInt(3);
                    while (failing.size() < n) {
                        // skewed towards the first rules: the SLT page's "failing most" has a real order
                        String r = RULES.get(Math.min(random.nextInt(RULES.size()), random.nextInt(RULES.size())));
                        if (!failing.contains(r)) {
                            failing.add(r);
                        }
                    }
                }
                if (isStale) {
                    failing.add(STALE_RULE);
                    stale++;
                }
                if (!failing.isEmpty()) {
                    nonCompliant++;
                }
                String os = OS[i % OS.length];
                String host = PREFIX[random.nextInt(PREFIX.length)] + "-" + String.format("%05d", random.nextInt(100_000));
                dev.setObject(1, id);
                dev.setString(2, id.toString());
                dev.setString(3, "SN" + Long.toHexString(random.nextLong() & 0xffffffffffL).toUpperCase());
                dev.setString(4, host);
                dev.setString(5, os);
                dev.setString(6, os.equals("windows") ? "10.0.22631" : os.equals("macos") ? "14.5" : "Debian 12");
                Jdbc.setInstant(dev, 7, now.minus(Duration.ofDays(200 + random.nextInt(400))));
                Jdbc.setInstant(dev, 8, lastSeen);
                dev.setBoolean(9, failing.isEmpty());
                dev.setInt(10, failing.size());
                dev.addBatch();
                for (String section : List.of("os", "hardware", "screenLock", "security", "accounts")) {
                    sec.setObject(1, id);
                    sec.setString(2, section);
                    sec.setBytes(3, gzip("{\"section\":\"" + section + "\",\"host\":\"" + host + "\",\"os\":\"" + os
                            + "\",\"detail\":\"" + "x".repeat(200 + random.nextInt(200)) + "\"}"));
                    sec.setString(4, String.format("%064x", random.nextLong() & Long.MAX_VALUE));
                    Jdbc.setInstant(sec, 5, lastSeen);
                    sec.setObject(6, new UUID(random.nextLong(), random.nextLong()));
                    sec.addBatch();
                }
                for (String rule : failing) {
                    finding(find, id, rule, "open", lastSeen.minus(Duration.ofDays(random.nextInt(60))), lastSeen, null);
                    open++;
                }
                // a device's past: two findings opened and resolved over the months
                for (int k = 0; k < 2; k++) {
                    Instant first = now.minus(Duration.ofDays(100 + random.nextInt(100)));
                    finding(find, id, RULES.get(random.nextInt(RULES.size())), "resolved", first,
                            first.plus(Duration.ofDays(3)), first.plus(Duration.ofDays(3)));
                    resolved++;
                }
                if (i % 1000 == 999) {
                    dev.executeBatch();
                    sec.executeBatch();
                    find.executeBatch();
                }
            }
            dev.executeBatch();
            sec.executeBatch();
            find.executeBatch();
        }
        return new Seeded(devices, nonCompliant, stale, open, resolved, loans);
    }

    private void finding(PreparedStatement find, UUID device, String rule, String status, Instant first, Instant last,
                         Instant resolvedAt) throws SQLException {
        find.setObject(1, new UUID(random.nextLong(), random.nextLong()));
        find.setObject(2, device);
        find.setString(3, rule);
        find.setString(4, rule.startsWith("software") ? "title-" + random.nextInt(300) : "");
        find.setString(5, rule.startsWith("security") ? "high" : "medium");
        find.setString(6, status);
        Jdbc.setInstant(find, 7, first);
        Jdbc.setInstant(find, 8, last);
        Jdbc.setInstant(find, 9, resolvedAt);
        find.setString(10, "{\"observed\":" + random.nextInt(10_000) + ",\"note\":\"seeded\"}");
        find.setString(11, "Staff device policy §" + (1 + random.nextInt(9)));
        find.addBatch();
    }

    private void snapshots(Connection c) throws SQLException {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO compliance_snapshots (snapshot_day, devices, compliant, stale, by_rule, taken_at)
                VALUES (?, ?, ?, ?, ?, ?)""")) {
            for (int d = 84; d >= 1; d--) {
                long compliant = devices * (55 + (84 - d) * 12 / 84) / 100;
                ps.setObject(1, today.minusDays(d));
                ps.setLong(2, devices);
                ps.setLong(3, compliant);
                ps.setLong(4, devices / 20);
                StringBuilder json = new StringBuilder("{");
                for (int r = 0; r < RULES.size(); r++) {
                    json.append(r == 0 ? "" : ",").append('"').append(RULES.get(r)).append("\":")
                            .append((devices - compliant) / (r + 2));
                }
                ps.setString(5, json.append('}').toString());
                Jdbc.setInstant(ps, 6, now.minus(Duration.ofDays(d)));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Assets, one borrower per loan (a tenth of them leavers) and loans: two thirds open, a fifth of those overdue. */
    private void loans(Connection c) throws SQLException {
        int open = loans * 2 / 3;
        try (PreparedStatement a = c.prepareStatement("""
                INSERT INTO assets (tag, type, make, model, serial, purchased_on, cost, status, created_at, updated_at)
                VALUES (?, ?, 'Dell', 'Latitude 5440', ?, DATE '2023-09-01', 899.00, ?, ?, ?)""");
             PreparedStatement p = c.prepareStatement("""
                INSERT INTO people (id, staff_id, name, email, department, status, left_on, updated_at)
                VALUES (?, ?, ?, ?, 'Teaching', ?, NULL, ?)""");
             PreparedStatement l = c.prepareStatement("""
                INSERT INTO loans (id, asset_tag, person_id, terms_id, out_at, due_at, condition_out, lent_by,
                  closed_at, closed_reason, closed_by, open_tag) VALUES (?, ?, ?, ?, ?, ?, 'good', 'bench', ?, ?, ?, ?)""")) {
            for (int i = 0; i < assets; i++) {
                a.setString(1, String.format("A%05d", i));
                a.setString(2, i % 5 == 0 ? "tablet" : "laptop");
                a.setString(3, "AS" + i);
                a.setString(4, i < open ? "on-loan" : "in-stock");
                Jdbc.setInstant(a, 5, now.minus(Duration.ofDays(400)));
                Jdbc.setInstant(a, 6, now.minus(Duration.ofDays(10)));
                a.addBatch();
            }
            a.executeBatch();
            for (int i = 0; i < loans; i++) {
                UUID person = new UUID(random.nextLong(), random.nextLong());
                p.setObject(1, person);
                p.setString(2, String.format("S%05d", i));
                p.setString(3, "Staff Member " + i);
                p.setString(4, "staff" + i + "@school.example");
                p.setString(5, i % 10 == 3 ? "leaver" : "active");
                Jdbc.setInstant(p, 6, now.minus(Duration.ofDays(30)));
                p.addBatch();
                boolean isOpen = i < open;
                Instant out = now.minus(Duration.ofDays(1 + random.nextInt(300)));
                Instant due = isOpen && i % 5 == 0 ? now.minus(Duration.ofDays(1 + random.nextInt(30)))
                        : now.plus(Duration.ofDays(1 + random.nextInt(200)));
                String tag = String.format("A%05d", isOpen ? i : i % assets);
                l.setObject(1, new UUID(random.nextLong(), random.nextLong()));
                l.setString(2, tag);
                l.setObject(3, person);
                l.setObject(4, DEFAULT_TERMS);
                Jdbc.setInstant(l, 5, out);
                Jdbc.setInstant(l, 6, due);
                Jdbc.setInstant(l, 7, isOpen ? null : out.plus(Duration.ofDays(20)));
                l.setString(8, isOpen ? null : "returned");
                l.setString(9, isOpen ? null : "bench");
                l.setString(10, isOpen ? tag : null);
                l.addBatch();
            }
            p.executeBatch();
            l.executeBatch();
        }
    }

    static byte[] gzip(String json) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
