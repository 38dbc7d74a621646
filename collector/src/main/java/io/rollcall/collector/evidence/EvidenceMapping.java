package io.rollcall.collector.evidence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.db.Database;
import io.rollcall.collector.db.Jdbc;
import io.rollcall.collector.http.ApiException;
import io.rollcall.common.wire.WireJson;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The mapping in force: the shipped {@link ControlCatalogue} with the admin's edits (table
 * {@code evidence_mapping_edits}) laid over it, one row per edited subject. Deleting a row resets that subject to
 * the shipped mapping. The API route that calls {@link #edit}/{@link #reset} is audited by the router. Blocking SQL.
 */
public final class EvidenceMapping {
    /** A subject an admin may add besides the shipped ones: a rule id or a report field. */
    private static final Pattern SUBJECT = Pattern.compile("(rule|field):[A-Za-z0-9_.*-]{1,100}");
    private final Database db;
    private final ControlCatalogue catalogue;
    private final Set<String> ruleIds;
    private final Clock clock;

    /** One subject as shown: its controls now, whether an admin changed it, and when and by whom. */
    public record Entry(String subject, List<String> controls, String note, boolean edited, List<String> shipped,
                        String changedBy, Instant changedAt) {
    }

    /** @param ruleIds the rule engine's rule ids: a {@code rule:} subject must name one of them */
    public EvidenceMapping(Database db, ControlCatalogue catalogue, Set<String> ruleIds, Clock clock) {
        this.db = db;
        this.catalogue = catalogue;
        this.ruleIds = Set.copyOf(ruleIds);
        this.clock = clock;
    }

    public ControlCatalogue catalogue() {
        return catalogue;
    }

    /** Every subject, shipped order first, then subjects only an admin added. */
    public List<Entry> entries() throws SQLException {
        Map<String, Entry> edits = edits();
        List<Entry> out = new ArrayList<>();
        for (ControlCatalogue.Mapping m : catalogue.mappings()) {
            Entry e = edits.remove(m.subject());
            out.add(e != null ? new Entry(e.subject(), e.controls(), e.note(), true, m.controls(), e.changedBy(),
                    e.changedAt()) : new Entry(m.subject(), m.controls(), m.note(), false, m.controls(), null, null));
        }
        out.addAll(edits.values());
        return out;
    }

    /** The mapping in force as plain mappings (for coverage checks and the pack). */
    public List<ControlCatalogue.Mapping> current() throws SQLException {
        return entries().stream().map(e -> new ControlCatalogue.Mapping(e.subject(), e.controls(), e.note())).toList();
    }

    /** One subject's entry; 404 when it is neither shipped nor edited. */
    public Entry entry(String subject) throws SQLException {
        return entries().stream().filter(e -> e.subject().equals(subject)).findFirst()
                .orElseThrow(() -> ApiException.notFound("no evidence mapping for " + subject));
    }

    /**
     * Sets {@code subject}'s controls and note. 400 naming the field for an unknown control, a malformed subject, a
     * rule id the engine does not have, or a note too long.
     */
    public Entry edit(String subject, List<String> controls, String note, String actor) throws SQLException {
        checkSubject(subject);
        if (controls == null) {
            throw ApiException.badRequest("controls: is required (a list of control ids, possibly empty)");
        }
        Map<String, ControlCatalogue.Control> known = catalogue.byId();
        for (int i = 0; i < controls.size(); i++) {
            String c = controls.get(i);
            if (c == null || !known.containsKey(c)) {
                throw ApiException.badRequest(String.format("controls[%d]: was \"%s\", not a known control id", i, c));
            }
        }
        if (note != null && note.length() > ControlCatalogue.MAX_NOTE) {
            throw ApiException.badRequest("note: is " + note.length() + " characters, must be at most "
                    + ControlCatalogue.MAX_NOTE);
        }
        String doc;
        try {
            doc = WireJson.mapper().writeValueAsString(Map.of("controls", List.copyOf(controls),
                    "note", note == null ? "" : note));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of ids always serialises", e);
        }
        Instant now = clock.instant();
        db.inTransaction(c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM evidence_mapping_edits WHERE subject = ?")) {
                del.setString(1, subject);
                del.executeUpdate();
            }
            try (PreparedStatement ins = c.prepareStatement(
                    "INSERT INTO evidence_mapping_edits (subject, doc, changed_by, changed_at) VALUES (?, ?, ?, ?)")) {
                ins.setString(1, subject);
                ins.setString(2, doc);
                ins.setString(3, actor);
                Jdbc.setInstant(ins, 4, now);
                ins.executeUpdate();
            }
            return null;
        });
        return entry(subject);
    }

    /** Returns {@code subject} to the shipped mapping (removes it if only an admin added it); whether it was edited. */
    public boolean reset(String subject) throws SQLException {
        checkSubject(subject);
        return db.inTransaction(c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM evidence_mapping_edits WHERE subject = ?")) {
                del.setString(1, subject);
                return del.executeUpdate() > 0;
            }
        });
    }

    /** Returns every subject to the shipped mapping; how many edits were dropped. */
    public int resetAll() throws SQLException {
        return db.inTransaction(c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM evidence_mapping_edits")) {
                return del.executeUpdate();
            }
        });
    }

    private void checkSubject(String subject) {
        if (subject == null || !SUBJECT.matcher(subject).matches()) {
            throw ApiException.badRequest("subject: was \"" + subject + "\", must be rule:<rule id> or field:<section>.<field>");
        }
        if (subject.startsWith("rule:") && !ruleIds.contains(subject.substring(5))) {
            throw ApiException.badRequest("subject: " + subject.substring(5) + " is not a rule of this collector");
        }
    }

    private Map<String, Entry> edits() throws SQLException {
        return db.read(c -> {
            Map<String, Entry> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM evidence_mapping_edits ORDER BY subject");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    JsonNode doc;
                    try {
                        doc = WireJson.mapper().readTree(rs.getString("doc"));
                    } catch (JsonProcessingException e) {
                        throw new SQLException("stored evidence mapping is not JSON", e);
                    }
                    List<String> controls = new ArrayList<>();
                    doc.path("controls").forEach(n -> controls.add(n.asText()));
                    String subject = rs.getString("subject");
                    out.put(subject, new Entry(subject, controls, doc.path("note").asText(""), true, List.of(),
                            rs.getString("changed_by"), Jdbc.getInstant(rs, "changed_at")));
                }
            }
            return out;
        });
    }
}
