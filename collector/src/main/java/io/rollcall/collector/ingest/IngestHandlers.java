package io.rollcall.collector.ingest;

import com.hazelcast.map.IMap;
import io.rollcall.collector.auth.Authenticator;
import io.rollcall.collector.devices.DeviceRecord;
import io.rollcall.collector.http.AdminAuth;
import io.rollcall.collector.http.Api;
import io.rollcall.collector.http.ApiException;
import io.rollcall.common.enroll.EnrollRequest;
import io.rollcall.common.report.Report;
import io.rollcall.common.wire.Hashes;
import io.rollcall.common.wire.Limits;
import io.rollcall.common.wire.ReportCodec;
import io.rollcall.common.wire.WireException;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/**
 * The agent API: {@code POST /api/v1/enroll} (200 enrolled, 202 waiting for a technician's approval) and
 * {@code POST /api/v1/reports}. Handlers run on the
 * event loop only long enough to check headers; authentication against the device map, parsing and
 * storing run on the blocking {@link WorkerExecutor}.
 */
public final class IngestHandlers {
    /** Where {@link #authenticateReport} leaves the authenticated device id for {@link #report}. */
    private static final String DEVICE_KEY = "rollcall.report.device";
    /**
     * Where {@link #authenticateReport} leaves the span digest of the device's stored software list, if it has one,
     * for {@link #report}: the decoder then only tokenizes a list whose bytes are unchanged.
     */
    private static final String SOFTWARE_DIGEST_KEY = "rollcall.report.softwareDigest";
    /** The answered report's kind (wire name), once decoded: read by the metrics' end handler. */
    public static final String REPORT_KIND = "rollcall.report.kind";
    /** {@code Boolean.TRUE} when the answered report was a replay of a stored one: read by the metrics. */
    public static final String REPORT_DUPLICATE = "rollcall.report.duplicate";
    private final WorkerExecutor blocking;
    private final EnrollService enrollService;
    private final IngestService ingest;
    private final IMap<String, DeviceRecord> devices;
    private final ReportCodec codec;

    public IngestHandlers(WorkerExecutor blocking, EnrollService enrollService, IngestService ingest,
                          IMap<String, DeviceRecord> devices, ReportCodec codec) {
        this.blocking = blocking;
        this.enrollService = enrollService;
        this.ingest = ingest;
        this.devices = devices;
        this.codec = codec;
    }

    public void enroll(RoutingContext ctx) {
        requireJson(ctx);
        byte[] body = body(ctx, Limits.MAX_ENROLL_BYTES);
        String address = Authenticator.address(ctx);
        // the agent's current credential, when it has one: proof that lets it rotate its own secret
        String authorization = ctx.request().getHeader("Authorization");
        blocking.executeBlocking(() -> {
            EnrollRequest req;
            try {
                req = ReportCodec.read(body, EnrollRequest.class);
            } catch (WireException e) {
                throw Api.fromWire(e);
            }
            return enrollService.enroll(req, address, authorization);
        }, false).onSuccess(r -> Api.json(ctx, r.pendingApproval() ? 202 : 200, r)).onFailure(ctx::fail);
    }

    /**
     * The first handler of {@code POST /api/v1/reports}, in front of its body handler: checks the device credential
     * from the header against the device map (on a worker) while the request stays paused, so a wrong credential is
     * refused before any of the body is read.
     */
    public void authenticateReport(RoutingContext ctx) {
        String credential = AdminAuth.bearer(ctx.request().getHeader("Authorization"));
        int dot = credential == null ? -1 : credential.indexOf('.');
        if (dot != 36) {
            throw ApiException.unauthorized("send Authorization: Bearer <deviceId>.<deviceSecret>");
        }
        UUID deviceId;
        try {
            deviceId = UUID.fromString(credential.substring(0, dot));
        } catch (IllegalArgumentException e) {
            throw ApiException.unauthorized("the deviceId in the credential is not a UUID");
        }
        String secret = credential.substring(dot + 1);
        requireJson(ctx);
        ctx.request().pause();
        blocking.executeBlocking(() -> {
            DeviceRecord device = devices.get(deviceId.toString());
            if (device == null || !Hashes.constantTimeEquals(device.secretHash(), Hashes.sha256Hex(secret))) {
                throw enrollService.refusal(deviceId, secret); // 403 enrolment-pending for a secret awaiting approval
            }
            // a field hash stored before span digests existed can never match: no point skipping then re-parsing
            String software = device.sectionHashes().get(SectionDocs.SOFTWARE);
            return new Authenticated(deviceId, ReportCodec.isSpanDigest(software) ? software : null);
        }, false).onSuccess(a -> {
            ctx.put(DEVICE_KEY, a.deviceId());
            if (a.softwareDigest() != null) {
                ctx.put(SOFTWARE_DIGEST_KEY, a.softwareDigest());
            }
            ctx.next();
        }).onFailure(ctx::fail);
    }

    /** After {@link #authenticateReport} and the body handler: decodes and stores the report. */
    public void report(RoutingContext ctx) {
        UUID deviceId = ctx.get(DEVICE_KEY);
        if (deviceId == null) {
            throw ApiException.unauthorized("send Authorization: Bearer <deviceId>.<deviceSecret>");
        }
        byte[] body = body(ctx, Limits.MAX_WIRE_BYTES);
        String encoding = ctx.request().getHeader("Content-Encoding");
        String knownSoftware = ctx.get(SOFTWARE_DIGEST_KEY);
        String[] kind = new String[1]; // written by the worker, read after its future completes
        blocking.executeBlocking(() -> {
            ReportCodec.Decoded decoded;
            try {
                // this device's last list, or any list stored before (the school image's, as another laptop sent it)
                decoded = codec.decodeWithStored(body, encoding,
                        digest -> digest.equals(knownSoftware) || ingest.softwareLists().stored(digest));
            } catch (WireException e) {
                throw Api.fromWire(e);
            }
            Report report = decoded.report();
            kind[0] = report.kind().wireName();
            if (!report.deviceId().equals(deviceId)) {
                throw ApiException.forbidden("a device can post only its own reports: the report names device "
                        + report.deviceId() + " but the credential is for " + deviceId);
            }
            // inside the lock, only if the digest matched went stale: the whole list, with no digest to match
            return ingest.ingest(deviceId, decoded, body.length, () -> codec.decode(body, encoding, (String) null));
        }, false).onComplete(ar -> {
            if (kind[0] != null) {
                ctx.put(REPORT_KIND, kind[0]);
            }
        }).onSuccess(ack -> {
            ctx.put(REPORT_DUPLICATE, ack.duplicate());
            Api.json(ctx, 202, ack);
        }).onFailure(ctx::fail);
    }

    /** What {@link #authenticateReport} learns from the device map. */
    private record Authenticated(UUID deviceId, String softwareDigest) {
    }

    private static void requireJson(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new ApiException(415, "unsupported-media-type", "send Content-Type: application/json");
        }
    }

    private static byte[] body(RoutingContext ctx, int limit) {
        Buffer b = ctx.body() == null ? null : ctx.body().buffer();
        if (b == null || b.length() == 0) {
            throw new ApiException(400, "malformed", "the body is empty; send one JSON object");
        }
        if (b.length() > limit) {
            throw new ApiException(413, "too-large", "the body is " + b.length() + " bytes, the limit is " + limit);
        }
        return b.getBytes();
    }
}
