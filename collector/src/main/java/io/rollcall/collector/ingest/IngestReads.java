package io.rollcall.collector.ingest;

import io.rollcall.collector.db.Database;
import io.rollcall.collector.db.Jdbc;
import io.rollcall.collector.findings.OpenFinding;
import io.rollcall.collector.findings.Severity;
import io.rollcall.collector.findings.Outcome;
import io.rollcall.common.report.MediaAction;
import io.rollcall.common.report.MediaDevice;
import io.rollcall.common.report.MediaEvent;
import io.rollcall.common.report.MediaKind;
import io.rollcall.common.wire.WireJson;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The indexed SQL reads ingest needs for one device. Blocking. */
public final class IngestReads {
    private final Database db;

    public IngestReads(Database db) {
        this.db = db;
    }

    /** Removable media connected to the device since {@code since}, newest first, at most 500. */
    public List<MediaEvent> recentConnections(UUID deviceId, Instant since) throws SQLException {
        return db.read(c -> {
            List<MediaEvent> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT at, kind, vendor_id, product_id, vendor, product, serial, capacity_bytes FROM media_events
                    WHERE device_id = ? AND at >= ? AND action = 'connected' ORDER BY at DESC LIMIT 500""")) {
                ps.setObject(1, deviceId);
                Jdbc.setInstant(ps, 2, since);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        MediaKind kind = WireJson.mapper().convertValue(rs.getString("kind"), MediaKind.class);
                        out.add(new MediaEvent(Jdbc.getInstant(rs, "at"), MediaAction.CONNECTED, new MediaDevice(kind,
                                rs.getString("vendor_id"), rs.getString("product_id"), rs.getString("vendor"),
                                rs.getString("product"), rs.getString("serial"), (Long) rs.getObject("capacity_bytes"),
                                null, null)));
                    }
                }
            }
            return out;
        });
    }

    /** The device's open findings. */
    public List<OpenFinding> open(UUID deviceId) throws SQLException {
        return open(deviceId, false);
    }

    /**
     * The device's open findings; {@code firstReport}: read for a device's first report, planned for the device at the
     * call on PostgreSQL ({@link Jdbc#plannedEachCall}). A morning's first reports are when the findings table grows
     * fastest, and a generic plan PostgreSQL kept from its statistics of a few minutes before walked every open finding:
     * 8 ms a first report. Later reports keep the server-prepared statement (planning it at each call cost them 11 %).
     */
    public List<OpenFinding> open(UUID deviceId, boolean firstReport) throws SQLException {
        return db.read(c -> {
            List<OpenFinding> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT * FROM findings WHERE device_id = ? AND status = 'open'")) {
                if (firstReport) {
                    Jdbc.plannedEachCall(ps);
                }
                ps.setObject(1, deviceId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new OpenFinding(Jdbc.getUuid(rs, "id"), rs.getString("rule"), rs.getString("subject"),
                                Outcome.parse(rs.getString("outcome")),
                                Severity.parse(rs.getString("severity")), Jdbc.getInstant(rs, "first_seen"),
                                Jdbc.getInstant(rs, "last_seen"), io.rollcall.collector.db.Docs.jsonMap(rs.getString("evidence")),
                                rs.getString("policy_ref")));
                    }
                }
            }
            return out;
        });
    }

    /**
     * Whether a device with this serial number is lent out: an asset with the same serial has an open loan (the
     * register's link between a laptop and its agent). False for a device that reports no serial.
     */
    public boolean onLoan(String serial) throws SQLException {
        if (serial == null || serial.isBlank()) {
            return false;
        }
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT 1 FROM assets a JOIN loans l ON l.open_tag = a.tag WHERE a.serial = ?")) {
                ps.setString(1, serial);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }
}
