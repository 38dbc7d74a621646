package io.rollcall.collector.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import io.rollcall.collector.auth.Session;
import io.rollcall.collector.devices.DeviceRecord;
import io.rollcall.collector.policy.PolicyReevaluation;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Java deserialisation in a real Hazelcast member built by {@link ClusterFactory}: Rollcall's records come back,
 * anything else is refused before an object of it is made.
 */
class ClusterSerialFilterTest {
    private static HazelcastInstance hz;

    @BeforeAll
    static void start() {
        hz = ClusterFactory.startMember("serial-filter-test", List.of(), 0, ClusterOptions.defaults(), c -> { });
    }

    @AfterAll
    static void stop() {
        hz.shutdown();
    }

    /** Not on the list, yet as harmless as a Rollcall record: refused all the same. */
    record Stranger(String note) implements Serializable {
    }

    @Test
    void theRecordsRollcallKeepsInMapsComeBackWhole() {
        IMap<String, Object> map = hz.getMap("round-trip");
        Instant now = Instant.parse("2026-12-06T01:00:00Z");
        List<Object> values = List.of(
                new DeviceRecord(UUID.randomUUID(), "hw", "SN1", "host", "linux", "12", "hash", now, now, "full",
                        "1.0", Boolean.TRUE, 2, Map.of("os", "h1", "software", "h2")),
                new DeviceRecord(UUID.randomUUID(), "hw", "SN2", "host", "linux", "12", "hash", now, null, null,
                        null, null, 0, Map.of()),
                new Session(UUID.randomUUID(), "csrf", now),
                new PolicyReevaluation.Status(3, "running", 10, 4, 1, now, null, "node"));
        for (int i = 0; i < values.size(); i++) {
            map.put("k" + i, values.get(i));
            assertEquals(values.get(i), map.get("k" + i));
        }
    }

    @Test
    void aSerializableClassThatIsNotOnTheListIsRefused() {
        IMap<String, Object> map = hz.getMap("strangers");
        map.put("k", new Stranger("hello"));
        HazelcastSerializationException e = assertThrows(HazelcastSerializationException.class, () -> map.get("k"));
        assertTrue(String.valueOf(e.getMessage()).contains("Stranger is not allowed"), e.getMessage());
    }

    @Test
    void aClassicJdkGadgetEntryPointIsRefused() {
        // the entry point of several published gadget chains; Hazelcast's default list (java*) would admit it
        IMap<String, Object> map = hz.getMap("gadgets");
        map.put("k", new javax.management.BadAttributeValueExpException("x"));
        HazelcastSerializationException e = assertThrows(HazelcastSerializationException.class, () -> map.get("k"));
        assertTrue(String.valueOf(e.getMessage()).contains("BadAttributeValueExpException is not allowed"),
                e.getMessage());
    }

    @Test
    void everySerializableRollcallRecordIsOnTheListAndNothingElse() throws Exception {
        Path classes = Path.of(ClusterFactory.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        TreeSet<String> found = new TreeSet<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                String name = classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> c = Class.forName(name, false, getClass().getClassLoader());
                // exceptions and enums are Serializable by birth; none is stored in a map
                if (Serializable.class.isAssignableFrom(c) && !c.isInterface() && !Throwable.class.isAssignableFrom(c)
                        && !Enum.class.isAssignableFrom(c)) {
                    found.add(name);
                    assertTrue(c.isRecord(), name + " is stored in a map: make it a record");
                }
            }
        }
        assertEquals(new TreeSet<>(ClusterSerialFilter.ROLLCALL), found,
                "every Serializable class of the collector must be in ClusterSerialFilter.ROLLCALL (and only those)");
    }
}
