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

    public Interop(Database db, IMap<String, DeviceRecord> devices, EnrollTokens tokens, IngestService ingest,
                   FailureLimiter limiter, Clock clock, int reportIntervalSeconds) {
        this.foreign = new ForeignDevices(db, devices, tokens, clock);
        this.service = new OcsService(tokens, foreign, ingest, limiter, clock, reportIntervalSeconds);
    }

    /** {@code POST /ocsinventory}. */
    public OcsRoutes routes(WorkerExecutor blocking) {
        return new OcsRoutes(blocking, service);
    }

    /** The console page {@code /console/interop} and the note on each foreign device's page. */
    public InteropPages console() {
        return new InteropPages(foreign);
    }

    public ForeignDevices devices() {
        return foreign;
    }
}
