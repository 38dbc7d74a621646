package io.rollcall.collector.enrollment;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.assets.Fields;
import io.rollcall.collector.auth.Secrets;
import io.rollcall.collector.db.Database;
import io.rollcall.collector.db.Jdbc;
import io.rollcall.collector.firstrun.TokenHashes;
import io.rollcall.collector.http.ApiException;
import io.rollcall.collector.http.Tokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The enrolment tokens: created (shown once, stored as SHA-256), listed, revoked, and checked at enrolment. A token's
 * device limit is claimed with one conditional SQL update, so two nodes enrolling at once never pass the limit.
 * Revoking a token only stops new enrolments with it: devices it enrolled keep their own secrets.
 *
 * <p>The first-run token ({@code first-run.json}, {@code ROLLCALL_ENROLL_TOKEN}) is imported at every start as the
 * token labelled {@code first-run}: valid {@value #FIRST_RUN_DAYS} days from its import, for at most
 * {@value #FIRST_RUN_MAX_DEVICES} devices, {@value #FIRST_RUN_PER_MINUTE} enrolments a minute. It is accepted only
 * while this node's {@code DATA/secrets} hash still names it, so rotating it through the variable still retires the
 * old one. Blocking (SQL): call from a worker.
 */
public final class EnrollTokens {
    public static final String PREFIX = "rc_enroll_";
    public static final String FIRST_RUN_LABEL = "first-run";
    public static final int FIRST_RUN_DAYS = 365;
    public static final int FIRST_RUN_MAX_DEVICES = 5000;
    public static final int FIRST_RUN_PER_MINUTE = 300;
    public static final int DEFAULT_PER_MINUTE = 60;
    static final int MAX_VALID_DAYS = 3650;
    static final int MAX_DEVICES = 1_000_000;
    static final int MAX_PER_MINUTE = 100_000;

    private final Database db;
    private final Tokens firstRun;
    private final Clock clock;

    /** @param firstRun this node's first-run hashes: a first-run row is honoured only for the token they name */
    public EnrollTokens(Database db, Tokens firstRun, Clock clock) {
        this.db = db;
        this.firstRun = firstRun;
        this.clock = clock;
    }

    /** What a technician asks for; {@link #parse} checks it the same way for the API and the console. */
    public record Draft(String label, Instant expiresAt, int maxDevices, int perMinute) {
    }

    /** A new token: {@code token} is shown once and never stored. */
    public record Created(String token, EnrollToken info) {
        @Override
        public String toString() {
            return "Created[token=<redacted>, info=" + info + "]";
        }
    }

    /**
     * Reads {@code {label, expiresAt | validDays, maxDevices, perMinute?}}; 400 naming the field when one is wrong.
     * Numbers may be JSON numbers or strings of digits (a console form).
     */
    public static Draft parse(JsonNode body, Instant now) {
        String label = Fields.text(body, "label", 100, true);
        boolean hasAt = present(body, "expiresAt");
        boolean hasDays = present(body, "validDays");
        if (hasAt == hasDays) {
            throw ApiException.badRequest("expiresAt: give either expiresAt (an ISO-8601 instant or date) or validDays, "
                    + "not " + (hasAt ? "both" : "neither"));
        }
        Instant expires;
        if (hasAt) {
            expires = Fields.instant(body, "expiresAt", true);
            if (!expires.isAfter(now)) {
                throw ApiException.badRequest("expiresAt: was " + expires + ", must be in the future");
            }
            if (expires.isAfter(now.plus(Duration.ofDays(MAX_VALID_DAYS)))) {
                throw ApiException.badRequest("expiresAt: was " + expires + ", must be within " + MAX_VALID_DAYS + " days");
            }
        } else {
            expires = now.plus(Duration.ofDays(whole(body, "validDays", 1, MAX_VALID_DAYS, null)));
        }
        int max = whole(body, "maxDevices", 1, MAX_DEVICES, null);
        int perMinute = whole(body, "perMinute", 1, MAX_PER_MINUTE, DEFAULT_PER_MINUTE);
        return new Draft(label, expires.truncatedTo(ChronoUnit.MILLIS), max, perMinute);
    }

    public Created create(Draft d, String actor) throws SQLException {
        String token = Secrets.random(PREFIX);
        EnrollToken t = new EnrollToken(UUID.randomUUID(), d.label(), false, now(), actor, d.expiresAt(), d.maxDevices(),
                d.perMinute(), 0, null, null, null);
        db.inTransaction(c -> {
            insert(c, t, Secrets.sha256Hex(token));
            return null;
        });
        return new Created(token, t);
    }

    /** Every token, newest first (a school has tens, not thousands). */
    public List<EnrollToken> list() throws SQLException {
        return db.read(c -> {
            List<EnrollToken> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM enrollment_tokens ORDER BY created_at DESC, id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        });
    }

    /** Stops the token enrolling anything more; devices it enrolled are untouched. 404 for an unknown id. */
    public EnrollToken revoke(UUID id, String actor) throws SQLException {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE enrollment_tokens SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL")) {
                Jdbc.setInstant(ps, 1, now());
                ps.setString(2, actor);
                ps.setObject(3, id);
                ps.executeUpdate();
            }
            EnrollToken t = byId(c, id);
            if (t == null) {
                throw ApiException.notFound("no enrolment token " + id);
            }
            return t;
        });
    }

    /** The stored token {@code candidate} is, in whatever state, or null when it is no token of this collector. */
    public EnrollToken find(String candidate) throws SQLException {
        if (candidate == null || candidate.isEmpty()) {
            return null;
        }
        String hash = Secrets.sha256Hex(candidate);
        EnrollToken t = db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM enrollment_tokens WHERE token_hash = ?")) {
                ps.setString(1, hash);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? row(rs) : null;
                }
            }
        });
        // a first-run token replaced through ROLLCALL_ENROLL_TOKEN is no token any more, as before tokens had rows
        return t != null && t.firstRun() && !firstRun.isEnrollToken(candidate) ? null : t;
    }

    /** True when {@code candidate} would enrol a new device now. */
    public boolean usable(String candidate) throws SQLException {
        EnrollToken t = find(candidate);
        return t != null && EnrollToken.ACTIVE.equals(t.state(now()));
    }

    /**
     * Takes one of the token's device places: false (and nothing changed) when it is revoked, expired or used up.
     * One conditional update, so concurrent enrolments on any node never exceed the limit.
     */
    public boolean claimDevice(UUID id) throws SQLException {
        Instant now = now();
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE enrollment_tokens SET enrolled = enrolled + 1, last_used_at = ?
                    WHERE id = ? AND enrolled < max_devices AND revoked_at IS NULL AND expires_at > ?""")) {
                Jdbc.setInstant(ps, 1, now);
                ps.setObject(2, id);
                Jdbc.setInstant(ps, 3, now);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Gives back a place taken by {@link #claimDevice} when the device could not be stored after all. */
    public void releaseDevice(UUID id) throws SQLException {
        db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE enrollment_tokens SET enrolled = enrolled - 1 WHERE id = ? AND enrolled > 0")) {
                ps.setObject(1, id);
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Makes this node's first-run enrolment token a row labelled {@code first-run} unless a row with its hash exists
     * (then its expiry, limit and any revocation stand). Call at start, after the first-run secrets exist.
     */
    public void importFirstRun(Path dataDir) throws IOException, SQLException {
        String hash = Files.readString(dataDir.resolve(TokenHashes.SECRETS_DIR).resolve(TokenHashes.ENROLL_HASH_FILE),
                StandardCharsets.US_ASCII).trim();
        Instant now = now();
        try {
            importFirstRun(hash, now);
        } catch (SQLException e) {
            // nodes preset with the same ROLLCALL_ENROLL_TOKEN may start together: the other node's row stands
            if (!io.rollcall.collector.assets.SqlErrors.isConflict(e)) {
                throw e;
            }
        }
    }

    private void importFirstRun(String hash, Instant now) throws SQLException {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM enrollment_tokens WHERE token_hash = ?")) {
                ps.setString(1, hash);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return null;
                    }
                }
            }
            insert(c, new EnrollToken(UUID.randomUUID(), FIRST_RUN_LABEL, true, now, "first-run",
                    now.plus(Duration.ofDays(FIRST_RUN_DAYS)), FIRST_RUN_MAX_DEVICES, FIRST_RUN_PER_MINUTE, 0, null, null,
                    null), hash);
            return null;
        });
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static void insert(java.sql.Connection c, EnrollToken t, String hash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO enrollment_tokens (id, label, token_hash, first_run, created_at, created_by, expires_at,
                  max_devices, per_minute, enrolled) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)""")) {
            ps.setObject(1, t.id());
            ps.setString(2, t.label());
            ps.setString(3, hash);
            ps.setBoolean(4, t.firstRun());
            Jdbc.setInstant(ps, 5, t.createdAt());
            ps.setString(6, t.createdBy());
            Jdbc.setInstant(ps, 7, t.expiresAt());
            ps.setInt(8, t.maxDevices());
            ps.setInt(9, t.perMinute());
            ps.executeUpdate();
        }
    }

    private static EnrollToken byId(java.sql.Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM enrollment_tokens WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? row(rs) : null;
            }
        }
    }

    private static EnrollToken row(ResultSet rs) throws SQLException {
        return new EnrollToken(Jdbc.getUuid(rs, "id"), rs.getString("label"), rs.getBoolean("first_run"),
                Jdbc.getInstant(rs, "created_at"), rs.getString("created_by"), Jdbc.getInstant(rs, "expires_at"),
                rs.getInt("max_devices"), rs.getInt("per_minute"), rs.getInt("enrolled"),
                Jdbc.getInstant(rs, "last_used_at"), Jdbc.getInstant(rs, "revoked_at"), rs.getString("revoked_by"));
    }

    private static boolean present(JsonNode body, String field) {
        JsonNode v = body.get(field);
        return v != null && !v.isNull() && !(v.isTextual() && v.asText().isBlank());
    }

    /** A whole number in [min, max], as a JSON number or a string of digits; {@code dflt} when absent (null = required). */
    static int whole(JsonNode body, String field, int min, int max, Integer dflt) {
        if (!present(body, field)) {
            if (dflt == null) {
                throw ApiException.badRequest(field + ": is required");
            }
            return dflt;
        }
        JsonNode v = body.get(field);
        long n;
        if (v.canConvertToExactIntegral() && v.isNumber()) {
            n = v.canConvertToLong() ? v.asLong() : Long.MAX_VALUE;
        } else if (v.isTextual() && v.asText().strip().matches("-?[0-9]{1,12}")) {
            n = Long.parseLong(v.asText().strip());
        } else {
            throw ApiException.badRequest(field + ": was '" + clip(v.asText()) + "', must be a whole number");
        }
        if (n < min || n > max) {
            throw ApiException.badRequest(field + ": was " + n + ", must be " + min + " to " + max);
        }
        return (int) n;
    }

    private static String clip(String s) {
        String p = s.replaceAll("[^\\x20-\\x7e]", "?");
        return p.length() > 32 ? p.substring(0, 32) + "…" : p;
    }
}
