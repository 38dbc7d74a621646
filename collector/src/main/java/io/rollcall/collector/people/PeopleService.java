package io.rollcall.collector.people;

import io.rollcall.collector.assets.SqlErrors;
import io.rollcall.collector.db.Database;
import io.rollcall.collector.http.ApiException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Staff: one at a time, or a whole MIS export applied in one transaction. Blocking. */
public final class PeopleService {
    private final Database db;
    private final Clock clock;

    public PeopleService(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** What an import did (or, for a dry run, would do), row by row. */
    public record ImportResult(boolean dryRun, int created, int updated, int unchanged, List<String> ignoredColumns,
                               List<RowOutcome> rows) {
    }

    public record RowOutcome(long line, String staffId, String name, String outcome) {
    }

    public Person create(Person draft) throws SQLException {
        Person p = draft.withId(UUID.randomUUID());
        try {
            return db.inTransaction(c -> {
                if (PeopleStore.byStaffId(c, p.staffId()) != null) {
                    throw conflict(p.staffId());
                }
                PeopleStore.insert(c, p, now());
                return p;
            });
        } catch (SQLException e) {
            if (SqlErrors.isConflict(e)) {
                throw conflict(p.staffId());
            }
            throw e;
        }
    }

    /** Changes a person's details; the staff id may change if no one else has it. */
    public Person update(UUID id, Person changes) throws SQLException {
        try {
            return db.inTransaction(c -> {
                Person old = PeopleStore.byId(c, id);
                if (old == null) {
                    throw ApiException.notFound("no person " + id);
                }
                Person other = PeopleStore.byStaffId(c, changes.staffId());
                if (other != null && !other.id().equals(id)) {
                    throw conflict(changes.staffId());
                }
                Person p = changes.withId(id);
                PeopleStore.update(c, p, now());
                return p;
            });
        } catch (SQLException e) {
            if (SqlErrors.isConflict(e)) {
                throw conflict(changes.staffId());
            }
            throw e;
        }
    }

    public Person get(UUID id) throws SQLException {
        Person p = db.read(c -> PeopleStore.byId(c, id));
        if (p == null) {
            throw ApiException.notFound("no person " + id);
        }
        return p;
    }

    /** The person with this staff id (exact match, as re-imports match); 404 naming the field if none. */
    public Person byStaffId(String staffId) throws SQLException {
        Person p = db.read(c -> PeopleStore.byStaffId(c, staffId));
        if (p == null) {
            throw ApiException.notFound("staffId: no person with staff id '" + staffId + "'");
        }
        return p;
    }

    public List<PeopleStore.Listed> list(String status, Boolean holdsKit, String q, int limit, int offset)
            throws SQLException {
        return db.read(c -> PeopleStore.list(c, status, holdsKit, q, limit, offset));
    }

    /**
     * Applies parsed rows in one transaction, matching on staff id: new ids are added, changed people
     * updated, the rest left alone. People missing from the file are not touched (an export may be
     * partial). With {@code dryRun} nothing is written.
     */
    public ImportResult apply(StaffCsv.Parsed parsed, boolean dryRun) throws SQLException {
        Instant now = now();
        return db.inTransaction(c -> {
            int created = 0;
            int updated = 0;
            int unchanged = 0;
            List<RowOutcome> rows = new ArrayList<>();
            for (StaffCsv.Row r : parsed.rows()) {
                Person incoming = r.person();
                Person old = PeopleStore.byStaffId(c, incoming.staffId());
                String outcome;
                if (old == null) {
                    outcome = "created";
                    created++;
                    if (!dryRun) {
                        PeopleStore.insert(c, incoming.withId(UUID.randomUUID()), now);
                    }
                } else if (old.sameAs(incoming.withId(old.id()))) {
                    outcome = "unchanged";
                    unchanged++;
                } else {
                    outcome = "updated";
                    updated++;
                    if (!dryRun) {
                        // keep the stored spelling of the staff id so case-only differences do not churn
                        Person merged = new Person(old.id(), old.staffId(), incoming.name(), incoming.email(),
                                incoming.department(), incoming.status(), incoming.leftOn());
                        PeopleStore.update(c, merged, now);
                    }
                }
                rows.add(new RowOutcome(r.line(), incoming.staffId(), incoming.name(), outcome));
            }
            return new ImportResult(dryRun, created, updated, unchanged, parsed.ignoredColumns(), rows);
        });
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static ApiException conflict(String staffId) {
        return new ApiException(409, "conflict", "staffId: someone with staff id '" + staffId + "' already exists");
    }

    /** The body of a refused import: every bad line and why. */
    public static Map<String, Object> refusal(StaffCsv.Parsed parsed) {
        StringBuilder detail = new StringBuilder("nothing was imported: ");
        List<StaffCsv.LineError> errs = parsed.errors();
        for (int i = 0; i < errs.size() && i < 20; i++) {
            detail.append(i == 0 ? "" : "; ").append("line ").append(errs.get(i).line()).append(": ").append(errs.get(i).reason());
        }
        if (errs.size() > 20) {
            detail.append("; and ").append(errs.size() - 20).append(" more");
        }
        return Map.of("error", "invalid", "detail", detail.toString(), "lines", errs);
    }
}
