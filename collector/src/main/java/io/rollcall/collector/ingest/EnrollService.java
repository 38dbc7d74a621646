package io.rollcall.collector.ingest;

import com.hazelcast.map.IMap;
import io.rollcall.collector.auth.FailureLimiter;
import io.rollcall.collector.db.Database;
import io.rollcall.collector.devices.DeviceRecord;
import io.rollcall.collector.enrollment.EnrollToken;
import io.rollcall.collector.enrollment.EnrollTokens;
import io.rollcall.collector.enrollment.PendingEnrolments;
import io.rollcall.collector.http.AdminAuth;
import io.rollcall.collector.http.ApiException;
import io.rollcall.common.enroll.EnrollRequest;
import io.rollcall.common.enroll.EnrollResponse;
import io.rollcall.common.id.TimeOrderedUuid;
import io.rollcall.common.wire.Hashes;
import io.rollcall.common.wire.Limits;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Enrols a device: checks the enrolment token (known, not revoked, not expired, within its rate), finds the device by
 * hardware UUID, and then either creates it (taking one of the token's device places), rotates its secret (the
 * request carries {@code Authorization: Bearer <deviceId>.<currentSecret>}), or, for known hardware without that
 * proof, records a re-enrolment a technician must approve: the device is never handed over, its secret keeps working.
 *
 * <p>The collector keeps only a secret's SHA-256: the secret is 256 random bits, so a fast hash is as strong as a slow
 * one and keeps per-report checks cheap. Blocking (SQL, cluster lock): call from a worker thread.
 */
public final class EnrollService {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Wrong enrolment tokens allowed per client address in the limiter's window. */
    public static final FailureLimiter.Limit PER_ADDRESS = new FailureLimiter.Limit("e", 20);
    /** Key prefix of the per-token counts; each token's own {@code perMinute} is the limit. */
    public static final String PER_TOKEN_PREFIX = "et";

    private final Database db;
    private final IMap<String, DeviceRecord> devices;
    private final EnrollTokens tokens;
    private final PendingEnrolments pending;
    private final Clock clock;
    private final int reportIntervalSeconds;
    private final FailureLimiter limiter;
    private final FailureLimiter perMinute;

    /**
     * @param limiter   counts wrong enrolment tokens per client address, cluster-wide
     * @param perMinute one-minute windows over the same cluster map: enrolment requests per token
     */
    public EnrollService(Database db, IMap<String, DeviceRecord> devices, EnrollTokens tokens, PendingEnrolments pending,
                         Clock clock, int reportIntervalSeconds, FailureLimiter limiter, FailureLimiter perMinute) {
        this.db = db;
        this.devices = devices;
        this.tokens = tokens;
        this.pending = pending;
        this.clock = clock;
        this.reportIntervalSeconds = reportIntervalSeconds;
        this.limiter = limiter;
        this.perMinute = perMinute;
    }

    /**
     * Enrols the device in {@code req}, sent from {@code address}.
     *
     * @param authorization the request's {@code Authorization} header, or null
     * @throws ApiException 429 (with Retry-After) while the address has used up its wrong tokens in this window,
     *                      whether or not this token is right, so a guesser learns nothing, or while the token has used
     *                      up its enrolments this minute; 401 for an unknown token; 403 for a revoked, expired or used-up one
     */
    public EnrollResponse enroll(EnrollRequest req, String address, String authorization)
            throws SQLException, InterruptedException {
        if (!limiter.allowed(PER_ADDRESS, address)) {
            long wait = limiter.retryAfterSeconds();
            throw ApiException.tooManyAttempts("too many enrolments with a wrong token from this address; try again in "
                    + wait + " seconds", wait);
        }
        EnrollToken token = tokens.find(req.enrollToken());
        if (token == null) {
            limiter.failed(PER_ADDRESS, address);
            throw ApiException.unauthorized("the enrolment token is missing or not valid for this collector");
        }
        refuseIfRetired(token);
        FailureLimiter.Limit rate = new FailureLimiter.Limit(PER_TOKEN_PREFIX, token.perMinute());
        if (!perMinute.allowed(rate, token.id().toString())) {
            long wait = perMinute.retryAfterSeconds();
            throw ApiException.tooManyAttempts("the enrolment token '" + token.label() + "' has made its "
                    + token.perMinute() + " enrolments this minute; try again in " + wait + " seconds", wait);
        }
        // every request with the token counts, not only the successful ones: the limit is on what a leaked token can do
        perMinute.failed(rate, token.id().toString());

        String hw = required("hardwareUuid", req.hardwareUuid());
        check("hostname", req.hostname());
        check("serialNumber", req.serialNumber());
        if (req.os() != null) {
            check("os.family", req.os().family());
            check("os.version", req.os().version());
        }
        // One lock per hardware UUID across the cluster: two enrolments of one laptop must not make two devices.
        String lockKey = PendingEnrolments.lockKey(hw);
        if (!devices.tryLock(lockKey, 10, TimeUnit.SECONDS)) {
            throw new ApiException(503, "busy", "another enrolment of this device is in progress; retry");
        }
        try {
            UUID existing = findByHardware(hw);
            String secret = newSecret();
            String hash = Hashes.sha256Hex(secret);
            if (existing == null) {
                return create(req, hw, token, secret, hash);
            }
            DeviceRecord device = devices.get(existing.toString());
            if (provesCurrentSecret(authorization, device)) {
                devices.set(device.id().toString(), device.withSecretHash(hash)); // write-through: in SQL on return
                return EnrollResponse.enrolled(device.id(), secret, reportIntervalSeconds);
            }
            UUID pendingId = pending.request(device, req, address, token.label(), hash);
            return new EnrollResponse(device.id(), secret, reportIntervalSeconds, EnrollResponse.PENDING_APPROVAL,
                    pendingId);
        } finally {
            devices.unlock(lockKey);
        }
    }

    /**
     * Why a report's credential was refused: 403 {@code enrolment-pending} when the secret is a re-enrolment still
     * waiting for approval (the agent should wait, not re-enrol), 401 otherwise.
     */
    public ApiException refusal(UUID deviceId, String secret) throws SQLException {
        UUID waiting = pending.waitingWith(deviceId, Hashes.sha256Hex(secret));
        if (waiting != null) {
            return new ApiException(403, "enrolment-pending", "this device's re-enrolment (request " + waiting
                    + ") waits for a technician's approval; until then its previous credential stays the valid one");
        }
        return ApiException.unauthorized("unknown device or wrong secret; re-enrol the agent");
    }

    private EnrollResponse create(EnrollRequest req, String hw, EnrollToken token, String secret, String hash)
            throws SQLException {
        if (!tokens.claimDevice(token.id())) {
            // revoked or expired a moment ago, or its last place was just taken on another node
            throw new ApiException(403, "enrolment-token-used-up", "the enrolment token '" + token.label()
                    + "' has enrolled its " + token.maxDevices() + " devices (or was retired just now); "
                    + "ask a technician for another token");
        }
        DeviceRecord record = new DeviceRecord(TimeOrderedUuid.next(), hw, req.serialNumber(), req.hostname(),
                req.os() == null ? null : req.os().family(), req.os() == null ? null : req.os().version(),
                hash, clock.instant(), null, null, null, null, 0, null);
        try {
            devices.set(record.id().toString(), record); // write-through: committed to SQL before this returns
        } catch (RuntimeException e) {
            tokens.releaseDevice(token.id());
            throw e;
        }
        return EnrollResponse.enrolled(record.id(), secret, reportIntervalSeconds);
    }

    private void refuseIfRetired(EnrollToken t) {
        switch (t.state(clock.instant())) {
            case EnrollToken.REVOKED -> throw new ApiException(403, "enrolment-token-revoked", "the enrolment token '"
                    + t.label() + "' was revoked on " + t.revokedAt() + "; ask a technician for a current token");
            case EnrollToken.EXPIRED -> throw new ApiException(403, "enrolment-token-expired", "the enrolment token '"
                    + t.label() + "' expired on " + t.expiresAt() + "; ask a technician for a current token");
            default -> {
                // active, or used up: a used-up token may still re-enrol known hardware, it only enrols no new device
            }
        }
    }

    /** True when {@code authorization} is {@code Bearer <device.id>.<its current secret>}. */
    static boolean provesCurrentSecret(String authorization, DeviceRecord device) {
        String credential = AdminAuth.bearer(authorization);
        if (credential == null || device == null || credential.length() < 38 || credential.charAt(36) != '.') {
            return false;
        }
        return credential.substring(0, 36).equalsIgnoreCase(device.id().toString())
                && Hashes.constantTimeEquals(device.secretHash(), Hashes.sha256Hex(credential.substring(37)));
    }

    private UUID findByHardware(String hw) throws SQLException {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM devices WHERE hardware_uuid = ?")) {
                ps.setString(1, hw);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getObject(1, UUID.class) : null;
                }
            }
        });
    }

    private static String newSecret() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String required(String field, String v) {
        if (v == null || v.isBlank()) {
            throw ApiException.badRequest(field + ": is required");
        }
        check(field, v);
        return v;
    }

    private static void check(String field, String v) {
        if (v != null && v.length() > Limits.MAX_SHORT) {
            throw ApiException.badRequest(field + ": is " + v.length() + " characters, the limit is " + Limits.MAX_SHORT);
        }
    }
}
