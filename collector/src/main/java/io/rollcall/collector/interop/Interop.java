package io.rollcall.collector.interop;

import com.hazelcast.map.IMap;
import io.rollcall.collector.auth.FailureLimiter;
import io.rollcall.collector.db.Database;
import io.rollcall.collector.devices.DeviceRecord;
import io.rollcall.collector.enrollment.EnrollTokens;
import io.rollcall.collector.ingest.IngestService;
import io.vertx.core.WorkerExecutor;
import java.time.Clock;

/** Builds the OCS-protocol pieces once for the collector: the route module and the console page share one store. */
public final class Interop {
    private final ForeignDevices foreign;
    private final OcsService service;

    /**
     * @param hz the cluster: wrong tokens are counted per address, and new devices per token and minute, in the same
     *           cluster map and windows as enrolment (a token's per-minute budget is shared by both ways in)
     */
    public Interop(Database db, IMap<String, DeviceRecord> devices, EnrollTokens tokens, IngestService ingest,
                   com.hazelcast.core.HazelcastInstance hz, Clock clock, int reportIntervalSeconds) {
        FailureLimiter perMinute = new FailureLimiter(hz.getMap(FailureLimiter.MAP), clock, java.time.Duration.ofMinutes(1));
        this.foreign = new ForeignDevices(db, devices, tokens, perMinute, clock);
        this.service = new OcsService(tokens, foreign, ingest, FailureLimiter.of(hz, clock), clock, reportIntervalSeconds);
    }

    /** {@code POST /ocsinventory}. */
    public OcsRoutes routes(WorkerExecutor blocking) {
        return new OcsRoutes(blocking, service);
    }

    /** The console page {@code /console/interop} and the note on each foreign device's page. */
    public InteropPages console() {
        return new InteropPages(foreign);
    }

    /** {@code GET /api/v1/interop/devices}, {@code GET /api/v1/interop/unknowns}. */
    public InteropHandlers api(WorkerExecutor blocking) {
        return new InteropHandlers(blocking, foreign);
    }

    public ForeignDevices devices() {
        return foreign;
    }
}
