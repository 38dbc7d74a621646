package io.rollcall.collector.groups;

import com.google.re2j.Pattern;
import io.rollcall.collector.assets.SqlErrors;
import io.rollcall.collector.cluster.SettingsVersions;
import io.rollcall.collector.db.Database;
import io.rollcall.collector.db.Jdbc;
import io.rollcall.collector.findings.DeviceFacts;
import io.rollcall.collector.findings.Policy;
import io.rollcall.collector.findings.RuleEngine;
import io.rollcall.collector.http.ApiException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Groups the school names, their membership (by hand, from a CSV, or by rules on names) and their policy
 * thresholds. Groups and rules are cached on every node and reloaded when {@link SettingsVersions} says another
 * node changed them; membership is in SQL ({@code group_devices}, {@code group_assets}) so lists filter by group
 * from an index. Rule-made membership is rewritten when a rule changes (one pass over devices and assets) and when
 * a device is evaluated under other names than its rows say ({@link #forDevice}). Blocking.
 */
public final class GroupService implements RuleEngine.DevicePolicy {
    static final String VERSION_KEY = "device-groups";
    public static final int MAX_NAME = 128;
    private final Database db;
    private final SettingsVersions versions;
    private final Clock clock;
    private volatile Snapshot snapshot;
    private volatile Reevaluation reevaluation = ids -> 0;

    /** Re-evaluates devices whose thresholds may have changed; returns how many it re-evaluated. */
    @FunctionalInterface
    public interface Reevaluation {
        int devices(Collection<UUID> ids) throws SQLException, InterruptedException;
    }

    /** A group with its rules, as the API shows it. */
    public record Group(UUID id, String name, String description, GroupThresholds overrides, long devices,
                        long assets, List<GroupRule> rules) {
    }

    private record Compiled(GroupRule rule, Pattern pattern) {
    }

    private record Snapshot(String token, List<Group> groups, List<Compiled> rules) {
    }

    public GroupService(Database db, SettingsVersions versions, Clock clock) {
        this.db = db;
        this.versions = versions;
        this.clock = clock;
    }

    /** Wired after the ingest service exists (it evaluates devices under this service's thresholds). */
    public void reevaluateWith(Reevaluation r) {
        this.reevaluation = r;
    }

    private Snapshot snapshot() {
        String token = versions.current(VERSION_KEY);
        Snapshot s = snapshot;
        if (s == null || !s.token().equals(token)) {
            try {
                s = db.read(c -> {
                    List<GroupRule> rules = GroupStore.rules(c);
                    List<Group> groups = new ArrayList<>();
                    for (GroupStore.Row r : GroupStore.list(c)) {
                        groups.add(new Group(r.id(), r.name(), r.description(), r.overrides(), r.devices(), r.assets(),
                                rules.stream().filter(x -> x.groupId().equals(r.id())).toList()));
                    }
                    List<Compiled> compiled = rules.stream().map(x -> new Compiled(x, x.compile())).toList();
                    return new Snapshot(token, List.copyOf(groups), compiled);
                });
            } catch (SQLException e) {
                throw new IllegalStateException("device groups could not be loaded: " + e.getMessage(), e);
            }
            snapshot = s;
        }
        return s;
    }

    private void changed() {
        versions.bump(VERSION_KEY);
    }

    /**
     * The school's policy with the thresholds of the device's groups (strictest wins, see {@link GroupThresholds}).
     * Brings the device's rule-made membership up to date with the names it is evaluated under, so a renamed
     * laptop joins and leaves groups at its next report.
     */
    @Override
    public Policy forDevice(DeviceFacts device, Policy school) {
        Snapshot s = snapshot();
        if (s.groups().isEmpty()) {
            return school;
        }
        var sec = device.current();
        String hostname = sec.os() == null ? null : sec.os().hostname();
        String serial = sec.hardware() == null ? null : sec.hardware().serialNumber();
        try {
            return db.inTransaction(c -> {
                Set<UUID> byRule = new LinkedHashSet<>();
                if (hostname != null || serial != null) {
                    for (Compiled r : s.rules()) {
                        if (GroupRule.matchesDevice(r.rule().field(), r.pattern(), hostname, serial)) {
                            byRule.add(r.rule().groupId());
                        }
                    }
                }
                Map<UUID, Set<String>> stored = GroupStore.deviceGroups(c, device.deviceId());
                Set<UUID> storedByRule = new HashSet<>();
                stored.forEach((g, src) -> {
                    if (src.contains("rule")) {
                        storedByRule.add(g);
                    }
                });
                // without names (a device that never reported) the stored rule rows stand
                if ((hostname != null || serial != null) && !storedByRule.equals(byRule)) {
                    GroupStore.replaceRuleGroupsOf(c, device.deviceId(), byRule, clock.instant());
                    storedByRule.clear();
                    storedByRule.addAll(byRule);
                }
                Set<UUID> all = new HashSet<>(storedByRule);
                stored.forEach((g, src) -> {
                    if (src.stream().anyMatch(x -> !x.equals("rule"))) {
                        all.add(g);
                    }
                });
                List<GroupThresholds> t = s.groups().stream().filter(g -> all.contains(g.id()))
                        .map(Group::overrides).toList();
                return GroupThresholds.apply(school, t);
            });
        } catch (SQLException e) {
            throw new IllegalStateException("group membership of " + device.deviceId() + " could not be read", e);
        }
    }

    public List<Group> list() {
        snapshot = null; // counts change with membership; a list is an explicit read
        return snapshot().groups();
    }

    public Group get(UUID id) {
        return list().stream().filter(g -> g.id().equals(id)).findFirst()
                .orElseThrow(() -> ApiException.notFound("no group " + id));
    }

    /** The id of the group with this name (or id); 400 naming {@code field} when there is none. */
    public UUID resolve(String field, String nameOrId) throws SQLException {
        return db.read(c -> GroupStore.resolve(c, field, nameOrId));
    }

    /** Device members (up to {@code limit}) of a group. */
    public List<GroupStore.DeviceMember> devices(UUID group, int limit) throws SQLException {
        return db.read(c -> GroupStore.devices(c, group, limit));
    }

    public List<GroupStore.AssetMember> assets(UUID group, int limit) throws SQLException {
        return db.read(c -> GroupStore.assets(c, group, limit));
    }

    public Group create(String name, String description, GroupThresholds overrides) throws SQLException {
        check(name, description, overrides);
        UUID id = UUID.randomUUID();
        try {
            db.inTransaction(c -> {
                GroupStore.insert(c, id, name.strip(), description, overrides, clock.instant());
                return null;
            });
        } catch (SQLException e) {
            throw conflictOr(e, name);
        }
        changed();
        return get(id);
    }

    /** Renames, redescribes and re-thresholds a group; re-evaluates its devices when the thresholds changed. */
    public Group update(UUID id, String name, String description, GroupThresholds overrides)
            throws SQLException, InterruptedException {
        check(name, description, overrides);
        GroupThresholds before = get(id).overrides();
        try {
            db.inTransaction(c -> GroupStore.update(c, id, name.strip(), description, overrides, clock.instant()));
        } catch (SQLException e) {
            throw conflictOr(e, name);
        }
        changed();
        if (!before.equals(overrides == null ? GroupThresholds.NONE : overrides)) {
            reevaluation.devices(memberIds(id));
        }
        return get(id);
    }

    public void delete(UUID id) throws SQLException, InterruptedException {
        Group g = get(id);
        List<UUID> members = memberIds(id);
        db.inTransaction(c -> {
            GroupStore.delete(c, id);
            return null;
        });
        changed();
        if (g.overrides().any()) {
            reevaluation.devices(members);
        }
    }

    /** Adds a rule and brings the group's rule-made members up to date. */
    public GroupRule addRule(UUID group, String field, String pattern) throws SQLException, InterruptedException {
        get(group);
        GroupRule r = new GroupRule(UUID.randomUUID(), group, field, pattern);
        r.compile();
        db.inTransaction(c -> {
            GroupStore.insertRule(c, r, clock.instant());
            return null;
        });
        changed();
        rematch(group);
        return r;
    }

    public void deleteRule(UUID group, UUID rule) throws SQLException, InterruptedException {
        if (!db.inTransaction(c -> GroupStore.deleteRule(c, group, rule))) {
            throw ApiException.notFound("no rule " + rule + " in group " + group);
        }
        changed();
        rematch(group);
    }

    /** Adds members by hand (or from a CSV: {@code source} csv); unknown devices or assets are a 400 naming them. */
    public void addMembers(UUID group, Collection<UUID> devices, Collection<String> assets, String source)
            throws SQLException, InterruptedException {
        Group g = get(group);
        db.inTransaction(c -> {
            checkExist(c, devices, assets);
            GroupStore.addDevices(c, group, devices, source, clock.instant());
            GroupStore.addAssets(c, group, assets, source, clock.instant());
            return null;
        });
        if (g.overrides().any()) {
            reevaluation.devices(devices);
        }
    }

    public void removeMembers(UUID group, Collection<UUID> devices, Collection<String> assets)
            throws SQLException, InterruptedException {
        Group g = get(group);
        db.inTransaction(c -> {
            GroupStore.removeMembers(c, group, devices, assets);
            return null;
        });
        if (g.overrides().any()) {
            reevaluation.devices(devices);
        }
    }

    /** Rewrites a group's rule-made members from every device's and asset's names; re-evaluates who joined or left. */
    void rematch(UUID group) throws SQLException, InterruptedException {
        List<Compiled> rules = snapshot().rules().stream().filter(r -> r.rule().groupId().equals(group)).toList();
        Set<UUID> before = new HashSet<>(memberIds(group));
        Set<UUID> devices = new LinkedHashSet<>();
        Set<String> assets = new LinkedHashSet<>();
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, hostname, serial_number FROM devices");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    for (Compiled r : rules) {
                        if (GroupRule.matchesDevice(r.rule().field(), r.pattern(), rs.getString(2), rs.getString(3))) {
                            devices.add(Jdbc.getUuid(rs, "id"));
                        }
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT tag, serial, model FROM assets");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    for (Compiled r : rules) {
                        if (GroupRule.matchesAsset(r.rule().field(), r.pattern(), rs.getString(1), rs.getString(2),
                                rs.getString(3))) {
                            assets.add(rs.getString(1));
                        }
                    }
                }
            }
            GroupStore.replaceRuleMembers(c, group, devices, assets, clock.instant());
            return null;
        });
        if (get(group).overrides().any()) {
            Set<UUID> touched = new HashSet<>(before);
            touched.addAll(memberIds(group));
            reevaluation.devices(touched);
        }
    }

    private List<UUID> memberIds(UUID group) throws SQLException {
        return db.read(c -> {
            List<UUID> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT DISTINCT device_id FROM group_devices WHERE group_id = ?")) {
                ps.setObject(1, group);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(Jdbc.getUuid(rs, "device_id"));
                    }
                }
            }
            return out;
        });
    }

    private static void checkExist(Connection c, Collection<UUID> devices, Collection<String> assets) throws SQLException {
        for (UUID d : devices) {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM devices WHERE id = ?")) {
                ps.setObject(1, d);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw ApiException.badRequest("devices: no device " + d);
                    }
                }
            }
        }
        for (String a : assets) {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM assets WHERE tag = ?")) {
                ps.setString(1, a);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw ApiException.badRequest("assets: no asset tagged \"" + a + "\"");
                    }
                }
            }
        }
    }

    private static void check(String name, String description, GroupThresholds overrides) {
        if (name == null || name.isBlank() || name.strip().length() > MAX_NAME) {
            throw ApiException.badRequest("name: must be 1 to " + MAX_NAME + " characters");
        }
        if (description != null && description.length() > 512) {
            throw ApiException.badRequest("description: is " + description.length() + " characters, must be at most 512");
        }
        if (overrides != null && !overrides.problems().isEmpty()) {
            throw ApiException.badRequest(String.join("; ", overrides.problems()));
        }
    }

    private static RuntimeException conflictOr(SQLException e, String name) {
        if (SqlErrors.isConflict(e)) {
            return new ApiException(409, "conflict", "name: a group named \"" + name.strip() + "\" already exists");
        }
        return new IllegalStateException(e);
    }

    /** The instant now, for callers stamping CSV imports. */
    Instant now() {
        return clock.instant();
    }

    Database db() {
        return db;
    }
}
