package io.rollcall.collector.interop;

import io.rollcall.collector.auth.FailureLimiter;
import io.rollcall.collector.enrollment.EnrollToken;
import io.rollcall.collector.enrollment.EnrollTokens;
import io.rollcall.collector.ingest.IngestService;
import io.rollcall.common.enroll.ReportAck;
import io.rollcall.common.report.Report;
import io.rollcall.common.report.ReportKind;
import io.rollcall.common.report.Sections;
import io.rollcall.common.wire.Hashes;
import io.rollcall.common.wire.ReportValidator;
import io.rollcall.common.wire.WireException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * The OCS-NG protocol as FusionInventory and the OCS Inventory agents speak it: HTTP Basic with an enrolment token as
 * the password, {@code PROLOG} answered with {@code SEND}, {@code INVENTORY} mapped to a Rollcall full report and
 * stored through the same {@link IngestService} as Rollcall's own agent (findings, catalogue, licences, media). A
 * replayed inventory (same bytes, same device) has the same report id, so it is acknowledged and stored once.
 * Blocking (SQL, cluster locks): call from a worker thread.
 */
public final class OcsService {
    /** The realm of the challenge; the OCS unix agent must be given it ({@code --realm Rollcall}). */
    public static final String REALM = "Rollcall";
    /** Wrong tokens allowed per client address in the limiter's window (as for enrolment). */
    public static final FailureLimiter.Limit PER_ADDRESS = new FailureLimiter.Limit("ocs", 20);
    private final EnrollTokens tokens;
    private final ForeignDevices foreign;
    private final IngestService ingest;
    private final FailureLimiter limiter;
    private final Clock clock;
    private final ReportValidator validator;
    private final int prologFrequencyHours;

    /** The result of one request: the reply to send (uncompressed XML) and, for an inventory, the device. */
    public record Reply(String xml, UUID deviceId, boolean duplicate) {
    }

    /**
     * @param reportIntervalSeconds how often Rollcall's agents report; the OCS agents are asked to come back as often
     *                              (in whole hours, at least one: PROLOG_FREQ is in hours)
     */
    public OcsService(EnrollTokens tokens, ForeignDevices foreign, IngestService ingest, FailureLimiter limiter,
                      Clock clock, int reportIntervalSeconds) {
        this.tokens = tokens;
        this.foreign = foreign;
        this.ingest = ingest;
        this.limiter = limiter;
        this.clock = clock;
        this.validator = new ReportValidator(clock);
        this.prologFrequencyHours = Math.max(1, reportIntervalSeconds / 3600);
    }

    /**
     * The enrolment token in {@code authorization} ({@code Basic base64(user:token)}; the user name is free text).
     *
     * @throws OcsRefusal 401 without credentials or with a wrong token (counted per address), 429 once the address
     *                    has used up its wrong tokens, 403 for a revoked or expired token
     */
    public EnrollToken authenticate(String authorization, String address) throws SQLException {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw OcsRefusal.unauthorized("send HTTP Basic credentials: any user name, an enrolment token as password");
        }
        if (!limiter.allowed(PER_ADDRESS, address)) {
            long wait = limiter.retryAfterSeconds();
            throw new OcsRefusal(429, "too-many-attempts", "too many wrong enrolment tokens from this address; try "
                    + "again in " + wait + " seconds", wait);
        }
        String password = null;
        try {
            String pair = new String(Base64.getDecoder().decode(authorization.substring(6).strip()),
                    StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            password = colon < 0 ? null : pair.substring(colon + 1);
        } catch (IllegalArgumentException e) {
            // not base64: the same as a wrong token
        }
        EnrollToken token = password == null ? null : tokens.find(password);
        if (token == null) {
            limiter.failed(PER_ADDRESS, address);
            throw OcsRefusal.unauthorized("the password is not an enrolment token of this collector");
        }
        switch (token.state(clock.instant())) {
            case EnrollToken.REVOKED -> throw new OcsRefusal(403, "enrolment-token-revoked",
                    "the enrolment token '" + token.label() + "' was revoked");
            case EnrollToken.EXPIRED -> throw new OcsRefusal(403, "enrolment-token-expired",
                    "the enrolment token '" + token.label() + "' expired on " + token.expiresAt());
            default -> {
                // active or used up: a used-up token still vouches for the devices it already brought in
            }
        }
        return token;
    }

    /** Answers one request body (compressed or not) sent with {@code token}. */
    public Reply handle(EnrollToken token, byte[] body, String userAgent) throws SQLException, InterruptedException {
        byte[] xml = OcsXml.inflate(body);
        XmlNode request = OcsXml.parse(xml);
        if (!request.name().equals("REQUEST")) {
            throw OcsRefusal.hostile("the root element is " + request.name() + ", expected REQUEST");
        }
        String query = request.value("QUERY");
        if ("PROLOG".equals(query)) {
            return new Reply(reply("SEND", "<PROLOG_FREQ>" + prologFrequencyHours + "</PROLOG_FREQ>"), null, false);
        }
        if (!"INVENTORY".equals(query)) {
            throw OcsRefusal.hostile("QUERY is " + (query == null ? "missing" : "'" + clip(query) + "'")
                    + "; this collector answers PROLOG and INVENTORY");
        }
        return inventory(token, request, xml, body.length, userAgent);
    }

    private Reply inventory(EnrollToken token, XmlNode request, byte[] xml, int bodyBytes, String userAgent)
            throws SQLException, InterruptedException {
        OcsMapper.Identity id = OcsMapper.identity(request);
        if (id.agentDeviceId() == null || id.agentDeviceId().length() > 256) {
            throw new OcsRefusal(400, "malformed", "DEVICEID: is " + (id.agentDeviceId() == null ? "missing"
                    : id.agentDeviceId().length() + " characters, the limit is 256"));
        }
        ForeignAgent agent = ForeignAgent.of(request.child("CONTENT").value("VERSIONCLIENT"), userAgent);
        Instant now = clock.instant();
        // checked before any device exists, so a refused inventory stores nothing (the salt does not change validity)
        Sections probe = OcsMapper.sections(request, agent, "0".repeat(64), now);
        validate(new UUID(0, 0), probe, agent, now);
        ForeignDevices.Known device = foreign.findOrCreate(id, agent, token, probe.os().hostname());
        Sections sections = OcsMapper.sections(request, agent, device.salt(), now);
        byte[] digest = Hashes.sha256((device.deviceId() + "\n" + Hashes.sha256Hex(xml)).getBytes(StandardCharsets.UTF_8));
        Report report = validate(UUID.nameUUIDFromBytes(digest), sections, agent, now, device.deviceId());
        ReportAck ack = ingest.ingest(device.deviceId(), report, bodyBytes);
        return new Reply(reply("NO_ACCOUNT_UPDATE", ""), device.deviceId(), ack.duplicate());
    }

    private Report validate(UUID deviceId, Sections s, ForeignAgent agent, Instant now) {
        return validate(UUID.randomUUID(), s, agent, now, deviceId);
    }

    private Report validate(UUID reportId, Sections s, ForeignAgent agent, Instant now, UUID deviceId) {
        Report r = new Report(Report.SCHEMA_VERSION, reportId, deviceId, agent.agentVersion(), now, ReportKind.FULL, s,
                null);
        try {
            return validator.validate(r);
        } catch (WireException e) {
            throw new OcsRefusal(400, "invalid", "the inventory does not fit Rollcall's report: " + e.getMessage());
        }
    }

    /** An OCS reply document. */
    static String reply(String response, String more) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<REPLY><RESPONSE>" + response + "</RESPONSE>" + more
                + "</REPLY>\n";
    }

    private static String clip(String s) {
        return s.length() > 32 ? s.substring(0, 32) : s;
    }
}
