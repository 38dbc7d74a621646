package io.rollcall.collector.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.impl.SerializationConstants;
import com.hazelcast.map.IMap;
import com.hazelcast.spi.impl.SerializationServiceSupport;
import io.rollcall.collector.db.Database;
import io.rollcall.collector.devices.DeviceRecord;
import io.rollcall.collector.support.TestStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The devices map's value crosses the cluster in Compact form, every field intact. */
class DeviceRecordSerializerTest {
    @TempDir
    Path dir;

    @Test
    void everyFieldSurvivesTheClusterInCompactForm() {
        DeviceRecord full = new DeviceRecord(UUID.randomUUID(), "hw-1", "SN-1", "lab-01", "windows", "11 23H2",
                "a".repeat(64), Instant.parse("2026-01-05T07:00:00.123456789Z"), Instant.parse("2026-12-06T08:15:30.5Z"),
                "full", "0.1.0", Boolean.FALSE, 3, Map.of("software", "w2:abc", "os", "f00d"));
        DeviceRecord sparse = new DeviceRecord(UUID.randomUUID(), null, null, null, null, null, "b".repeat(64),
                Instant.parse("2026-01-05T07:00:00Z"), null, null, null, null, 0, null);
        try (Database db = TestStore.current().open(dir, 2)) {
            HazelcastInstance hz = ClusterFactory.start("rc-serial-" + UUID.randomUUID(), List.of(), 0, db);
            try {
                Data data = ((SerializationServiceSupport) hz).getSerializationService().toData(full);
                assertEquals(SerializationConstants.TYPE_COMPACT, data.getType(), "Compact, not Java serialization");
                IMap<String, DeviceRecord> map = hz.getMap("serializer-round-trip");
                map.put("full", full);
                map.put("sparse", sparse);
                assertEquals(full, map.get("full"));
                assertEquals(sparse, map.get("sparse"));
            } finally {
                hz.getLifecycleService().terminate();
            }
        }
    }
}
