package io.rollcall.agent.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.common.report.MediaAction;
import io.rollcall.common.report.MediaDevice;
import io.rollcall.common.report.MediaEvent;
import io.rollcall.common.report.MediaKind;
import io.rollcall.common.report.Tri;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {
    @TempDir
    Path tmp;

    @Test
    void aMissingStateFileMeansNotEnrolled() throws Exception {
        AgentState s = new StateStore(tmp.resolve("none")).load();
        assertFalse(s.isEnrolled());
        assertEquals(DropCounters.NONE, s.dropped());
    }

    @Test
    void savedStateReadsBackAndIsPrivateToItsOwner() throws Exception {
        StateStore store = new StateStore(tmp.resolve("state"));
        AgentState s = AgentState.EMPTY.withEnrolment("https://c.example:8443", UUID.randomUUID(), "secret-xyz",
                        StateStore.CA_FILE, "ab".repeat(32), 3600)
                .withSectionHashes(Map.of("os", "11"))
                .withTimes(Instant.parse("2026-03-02T08:00:00Z"), null, Instant.parse("2026-03-02T08:00:00Z"))
                .withMoreDropped(new DropCounters(1, 2, 3));
        store.save(s);
        assertEquals(s, store.load());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.directory())));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(store.directory().resolve(StateStore.STATE_FILE))));
        try (Stream<Path> files = Files.list(store.directory())) {
            assertEquals(List.of(StateStore.STATE_FILE), files.map(p -> p.getFileName().toString()).toList(),
                    "no temp file may be left behind");
        }
    }

    @Test
    void theSecretNeverAppearsInToString() {
        AgentState s = AgentState.EMPTY.withEnrolment("https://c", UUID.randomUUID(), "do-not-log-me", "ca.pem", "00", 0);
        assertFalse(s.toString().contains("do-not-log-me"), s.toString());
    }

    @Test
    void configReadsIntervalsAndPatternAndNamesABadValue() throws Exception {
        Files.writeString(tmp.resolve(AgentConfig.FILE_NAME),
                "school.account.pattern=^[a-z]+\\\\.[a-z]+$\ninterval.delta=600\ninterval.heartbeat = 60\n");
        AgentConfig c = AgentConfig.load(tmp);
        assertTrue(c.schoolAccountPattern().matcher("jo.bloggs").matches());
        assertEquals(Duration.ofSeconds(600), c.deltaInterval());
        assertEquals(Duration.ofSeconds(60), c.heartbeatInterval());
        assertNull(c.fullInterval());

        Properties bad = new Properties();
        bad.setProperty("interval.full", "daily");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AgentConfig.parse(bad, "x"));
        assertTrue(e.getMessage().contains("interval.full was 'daily'"), e.getMessage());
    }

    @Test
    void pendingEventsAreKeptUntilRemovedAndATornLastLineIsSkipped() throws Exception {
        PendingEvents events = new PendingEvents(tmp.resolve("events.jsonl"));
        MediaDevice d = new MediaDevice(MediaKind.USB_STORAGE, "0781", "5583", null, null, "S1", null, null, Tri.UNKNOWN);
        MediaEvent a = new MediaEvent(Instant.parse("2026-03-02T08:00:00Z"), MediaAction.CONNECTED, d);
        MediaEvent b = new MediaEvent(Instant.parse("2026-03-02T08:05:00Z"), MediaAction.DISCONNECTED, d);
        events.append(a);
        events.append(b);
        Files.writeString(tmp.resolve("events.jsonl"), "{\"at\":\"2026-03", java.nio.file.StandardOpenOption.APPEND);
        assertEquals(List.of(a, b), events.peek());
        MediaEvent c = new MediaEvent(Instant.parse("2026-03-02T08:06:00Z"), MediaAction.CONNECTED, d);
        events.append(c);
        assertEquals(List.of(a, b, c), events.peek(), "an event appended after a torn line must stay readable");
        events.remove(1);
        assertEquals(List.of(b, c), new PendingEvents(tmp.resolve("events.jsonl")).peek());
    }
}
