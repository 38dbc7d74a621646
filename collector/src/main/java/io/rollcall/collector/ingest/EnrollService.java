package io.rollcall.collector.ingest;

import com.hazelcast.map.IMap;
import io.rollcall.collector.auth.FailureLimiter;
import io.rollcall.collector.db.Database;
import io.rollcall.collector.devices.DeviceRecord;
import io.rollcall.collector.http.ApiException;
import io.rollcall.collector.http.Tokens;
import io.rollcall.common.enroll.EnrollRequest;
import io.rollcall.common.enroll.EnrollResponse;
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
 * Enrols a device: checks the school's enrolment token, finds the device by hardware UUID or
 * creates it, and issues a new secret. The collector keeps only the secret's SHA-256: the secret is
 * 256 random bits, so a fast hash is as strong as a slow one and keeps per-report checks cheap.
 * Blocking (SQL, cluster lock): call from a worker thread.
 */
public final class EnrollService {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database db;
    private final IMap<String, DeviceRecord> devices;
    private final Tokens tokens;
    private final Clock clock;
    private final int reportIntervalSeconds;
    private final FailureLimiter limiter;

    /** Wrong enrolment tokens allowed per client address in the limiter's window. */
    public static final FailureLimiter.Limit PER_ADDRESS = new FailureLimiter.Limit("e", 20);

    /**
     * @param limiter counts wrong enrolment tokens per client address, cluster-wide
     */
    public EnrollService(Database db, IMap<String, DeviceRecord> devices, Tokens tokens, Clock clock,
                         int reportIntervalSeconds, FailureLimiter limiter) {
        this.limiter = limiter;
        this.db = db;
        this.devices = devices;
        this.tokens = tokens;
        this.clock = clock;
        this.reportIntervalSeconds = reportIntervalSeconds;
    }

    /**
     * Enrols the device in {@code req}, sent from {@code address}.
     *
     * @throws ApiException 429 (with Retry-After) while the address has used up its wrong tokens in this window,
     *                      whether or not this token is right, so a guesser learns nothing; 401 for a wrong token
     */
    public EnrollResponse enroll(EnrollRequest req, String address) throws SQLException, InterruptedException {
        if (!limiter.allowed(PER_ADDRESS, address)) {
            long wait = limiter.retryAfterSeconds();
            throw ApiException.tooManyAttempts("too many enrolments with a wrong token from this address; try again in "
                    + wait + " seconds", wait);
        }
        if (req.enrollToken() == null || !tokens.isEnrollToken(req.enrollToken())) {
            limiter.failed(PER_ADDRESS, address);
            throw ApiException.unauthorized("the enrolment token is missing or not valid for this collector");
        }
        String hw = required("hardwareUuid", req.hardwareUuid());
        check("hostname", req.hostname());
        check("serialNumber", req.serialNumber());
        if (req.os() != null) {
            check("os.family", req.os().family());
            check("os.version", req.os().version());
        }
        // One lock per hardware UUID across the cluster: two enrolments of one laptop must not make two devices.
        String lockKey = "enroll:" + Hashes.sha256Hex(hw);
        if (!devices.tryLock(lockKey, 10, TimeUnit.SECONDS)) {
            throw new ApiException(503, "busy", "another enrolment of this device is in progress; retry");
        }
        try {
            UUID existing = findByHardware(hw);
            String secret = newSecret();
            String hash = Hashes.sha256Hex(secret);
            DeviceRecord record;
            if (existing != null) {
                record = devices.get(existing.toString()).withSecretHash(hash);
            } else {
                record = new DeviceRecord(UUID.randomUUID(), hw, req.serialNumber(), req.hostname(),
                        req.os() == null ? null : req.os().family(), req.os() == null ? null : req.os().version(),
                        hash, clock.instant(), null, null, null, null, 0, null);
            }
            devices.set(record.id().toString(), record); // write-through: committed to SQL before this returns
            return EnrollResponse.enrolled(record.id(), secret, reportIntervalSeconds);
        } finally {
            devices.unlock(lockKey);
        }
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
