package io.rollcall.collector.groups;

import io.rollcall.collector.db.Jdbc;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Group membership from a CSV file: a {@code group} column and one of {@code hostname}, {@code serial},
 * {@code device} (id) or {@code asset} (tag) per row; several may be given, the first filled one counts. A group
 * that does not exist yet is created. All or nothing: any bad row refuses the whole file with every bad line.
 */
public final class GroupCsv {
    public static final int MAX_ROWS = 20_000;
    private static final List<String> KEYS = List.of("hostname", "serial", "device", "asset");

    private GroupCsv() {
    }

    /** One refused line. */
    public record LineError(long line, String reason) {
    }

    /** What an import did, or would refuse. */
    public record Result(int rows, List<String> groupsCreated, int devices, int assets, List<LineError> errors) {
    }

    /** Parses and applies {@code text}; nothing is written when any line is refused. */
    public static Result apply(GroupService groups, String text) throws SQLException, InterruptedException {
        List<LineError> errors = new ArrayList<>();
        Map<String, Set<UUID>> devices = new LinkedHashMap<>();
        Map<String, Set<String>> assets = new LinkedHashMap<>();
        int[] rows = {0};
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        CSVFormat format = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).setTrim(true).get();
        groups.db().read(c -> {
            try (CSVParser parser = CSVParser.parse(new StringReader(body), format)) {
                Iterator<CSVRecord> it = parser.iterator();
                if (!it.hasNext()) {
                    errors.add(new LineError(1, "the file is empty; the first row must name the columns"));
                    return null;
                }
                Map<String, Integer> cols = new LinkedHashMap<>();
                CSVRecord h = it.next();
                for (int i = 0; i < h.size(); i++) {
                    cols.putIfAbsent(h.get(i).toLowerCase(Locale.ROOT).replace(" ", ""), i);
                }
                if (!cols.containsKey("group") || KEYS.stream().noneMatch(cols::containsKey)) {
                    errors.add(new LineError(1, "columns must include group and one of hostname, serial, device, "
                            + "asset; they were " + h.toList()));
                    return null;
                }
                while (it.hasNext()) {
                    CSVRecord r = it.next();
                    long line = r.getRecordNumber();
                    if (++rows[0] > MAX_ROWS) {
                        errors.add(new LineError(line, "more than " + MAX_ROWS + " rows; split the file"));
                        break;
                    }
                    String group = cell(r, cols.get("group"));
                    if (group == null || group.length() > GroupService.MAX_NAME) {
                        errors.add(new LineError(line, "group: must be 1 to " + GroupService.MAX_NAME + " characters"));
                        continue;
                    }
                    row(c, r, line, cols, group, devices, assets, errors);
                }
            } catch (IOException | java.io.UncheckedIOException | IllegalStateException e) {
                errors.add(new LineError(0, "the file is not valid CSV: " + e.getMessage()));
            }
            return null;
        });
        if (!errors.isEmpty()) {
            return new Result(rows[0], List.of(), 0, 0, List.copyOf(errors));
        }
        Set<String> names = new LinkedHashSet<>(devices.keySet());
        names.addAll(assets.keySet());
        List<String> created = new ArrayList<>();
        int nd = 0;
        int na = 0;
        for (String name : names) {
            UUID id = groups.list().stream().filter(g -> g.name().equals(name)).map(GroupService.Group::id)
                    .findFirst().orElse(null);
            if (id == null) {
                id = groups.create(name, null, null).id();
                created.add(name);
            }
            Set<UUID> d = devices.getOrDefault(name, Set.of());
            Set<String> a = assets.getOrDefault(name, Set.of());
            groups.addMembers(id, d, a, "csv");
            nd += d.size();
            na += a.size();
        }
        return new Result(rows[0], created, nd, na, List.of());
    }

    private static void row(Connection c, CSVRecord r, long line, Map<String, Integer> cols, String group,
                            Map<String, Set<UUID>> devices, Map<String, Set<String>> assets, List<LineError> errors)
            throws SQLException {
        for (String key : KEYS) {
            String v = cell(r, cols.get(key));
            if (v == null) {
                continue;
            }
            Set<UUID> d = new LinkedHashSet<>();
            Set<String> a = new LinkedHashSet<>();
            switch (key) {
                case "hostname" -> d.addAll(ids(c, "SELECT id FROM devices WHERE LOWER(hostname) = ?", v.toLowerCase(Locale.ROOT)));
                case "serial" -> {
                    d.addAll(ids(c, "SELECT id FROM devices WHERE serial_number = ?", v));
                    a.addAll(tags(c, "SELECT tag FROM assets WHERE serial = ?", v));
                }
                case "device" -> {
                    try {
                        d.addAll(ids(c, "SELECT id FROM devices WHERE id = ?", UUID.fromString(v)));
                    } catch (IllegalArgumentException e) {
                        errors.add(new LineError(line, "device: '" + v + "' is not a device id"));
                        return;
                    }
                }
                default -> a.addAll(tags(c, "SELECT tag FROM assets WHERE tag = ?", v));
            }
            if (d.isEmpty() && a.isEmpty()) {
                errors.add(new LineError(line, key + ": no device or asset matches '" + v + "'"));
            } else {
                devices.computeIfAbsent(group, k -> new LinkedHashSet<>()).addAll(d);
                assets.computeIfAbsent(group, k -> new LinkedHashSet<>()).addAll(a);
            }
            return;
        }
        errors.add(new LineError(line, "no hostname, serial, device or asset on this row"));
    }

    private static String cell(CSVRecord r, Integer col) {
        if (col == null || col >= r.size()) {
            return null;
        }
        String v = r.get(col);
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static List<UUID> ids(Connection c, String sql, Object v) throws SQLException {
        List<UUID> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, v);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(Jdbc.getUuid(rs, "id"));
                }
            }
        }
        return out;
    }

    private static List<String> tags(Connection c, String sql, String v) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, v);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }
}
