package io.rollcall.agent.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.common.wire.WireJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The device secret in {@code state.json}: sealed by the protector in use, and old plain files still load. */
class SealedSecretTest {
    static final String SECRET = "dev-secret-0123456789abcdef";

    @TempDir
    Path tmp;

    /** Stands in for DPAPI: a reversible scramble keyed by this instance, so another "machine" cannot open it. */
    static final class FakeProtector implements SecretProtector {
        final String id;
        final byte key;
        int sealedCount;

        FakeProtector(String id, int key) {
            this.id = id;
            this.key = (byte) key;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public boolean seals() {
            return true;
        }

        @Override
        public byte[] protect(byte[] plain) {
            sealedCount++;
            byte[] out = new byte[plain.length + 1];
            out[0] = key;
            for (int i = 0; i < plain.length; i++) {
                out[i + 1] = (byte) (plain[plain.length - 1 - i] ^ key);
            }
            return out;
        }

        @Override
        public byte[] unprotect(byte[] sealed) throws IOException {
            if (sealed.length == 0 || sealed[0] != key) {
                throw new IOException("sealed on another machine");
            }
            byte[] out = new byte[sealed.length - 1];
            for (int i = 0; i < out.length; i++) {
                out[i] = (byte) (sealed[sealed.length - 1 - i] ^ key);
            }
            return out;
        }
    }

    static AgentState enrolled(UUID id) {
        return AgentState.EMPTY.withEnrolment("https://c.example:8443", id, SECRET, StateStore.CA_FILE, "ab".repeat(32),
                3600).withSectionHashes(Map.of("os", "11")).withLastDeliveryAt(Instant.parse("2026-03-02T08:00:00Z"));
    }

    @Test
    void aSealedSecretReadsBackThroughTheSameProtector() throws Exception {
        FakeProtector dpapi = new FakeProtector("dpapi-machine", 0x5A);
        StateStore store = new StateStore(tmp, dpapi);
        AgentState s = enrolled(UUID.randomUUID());
        store.save(s);

        assertEquals(1, dpapi.sealedCount);
        assertEquals(s, store.load());
        assertEquals("Bearer " + s.deviceId() + "." + SECRET, store.load().bearer());
    }

    @Test
    void theSecretNeverAppearsInClearInTheFileWhenAProtectorSeals() throws Exception {
        StateStore store = new StateStore(tmp, new FakeProtector("dpapi-machine", 0x33));
        store.save(enrolled(UUID.randomUUID()));

        String file = Files.readString(tmp.resolve(StateStore.STATE_FILE), StandardCharsets.UTF_8);
        assertFalse(file.contains(SECRET), file);
        assertFalse(file.contains(new StringBuilder(SECRET).reverse()), file);
        JsonNode stored = WireJson.mapper().readTree(file).get("deviceSecret");
        assertEquals("dpapi-machine", stored.get("protector").asText(), "the file says which protector sealed it");
        assertTrue(stored.get("sealed").asText().length() > SECRET.length(), file);
    }

    @Test
    void aStateFileFromBeforeSealingStillLoadsAndIsSealedOnTheNextSave() throws Exception {
        UUID id = UUID.fromString("4b7f7f53-37a3-4c7e-9d1c-2f0d6d0b9a10");
        // exactly what an agent without secret protection wrote
        Files.writeString(tmp.resolve(StateStore.STATE_FILE), """
                {
                  "server" : "https://c.example:8443",
                  "deviceId" : "4b7f7f53-37a3-4c7e-9d1c-2f0d6d0b9a10",
                  "deviceSecret" : "%s",
                  "caPemFile" : "collector-ca.pem",
                  "deviceSalt" : "%s",
                  "reportIntervalSeconds" : 3600,
                  "sectionHashes" : { "os" : "11" },
                  "lastFullAt" : "2026-03-01T08:00:00Z",
                  "lastDeltaAt" : null,
                  "lastQueuedAt" : null,
                  "lastDeliveryAt" : "2026-03-02T08:00:00Z",
                  "dropped" : { "heartbeats" : 0, "reports" : 1, "events" : 0 }
                }
                """.formatted(SECRET, "ab".repeat(32)));
        StateStore store = new StateStore(tmp, new FakeProtector("dpapi-machine", 0x21));

        AgentState upgraded = store.load();
        assertTrue(upgraded.isEnrolled());
        assertEquals(id, upgraded.deviceId(), "an upgrade keeps the device identity");
        assertEquals(SECRET, upgraded.deviceSecret());
        assertEquals(1, upgraded.dropped().reports());

        store.save(upgraded);
        assertFalse(Files.readString(tmp.resolve(StateStore.STATE_FILE)).contains(SECRET));
        assertEquals(upgraded, store.load());
    }

    @Test
    void thePlainProtectorKeepsTheFormatOlderAgentsRead() throws Exception {
        StateStore store = new StateStore(tmp, SecretProtector.plain());
        store.save(enrolled(UUID.randomUUID()));
        JsonNode stored = WireJson.mapper().readTree(tmp.resolve(StateStore.STATE_FILE).toFile()).get("deviceSecret");
        assertTrue(stored.isTextual(), "a plain string, as before: a downgrade still reads it");
        assertEquals(SECRET, stored.asText());
    }

    @Test
    void aSecretSealedElsewhereFailsWithAMessageNamingTheProtector() throws Exception {
        new StateStore(tmp, new FakeProtector("dpapi-machine", 0x11)).save(enrolled(UUID.randomUUID()));

        IOException otherMachine = assertThrows(IOException.class,
                () -> new StateStore(tmp, new FakeProtector("dpapi-machine", 0x12)).load());
        assertTrue(otherMachine.getMessage().contains("enrol again"), otherMachine.getMessage());
        IOException otherSystem = assertThrows(IOException.class,
                () -> new StateStore(tmp, SecretProtector.plain()).load());
        assertTrue(otherSystem.getMessage().contains("'dpapi-machine'"), otherSystem.getMessage());
        assertFalse(otherSystem.getMessage().contains(SECRET));
    }

    @Test
    void anUnenrolledStateHasNothingToSeal() throws Exception {
        FakeProtector dpapi = new FakeProtector("dpapi-machine", 0x44);
        StateStore store = new StateStore(tmp, dpapi);
        store.save(AgentState.EMPTY);
        assertEquals(0, dpapi.sealedCount);
        assertEquals(AgentState.EMPTY, store.load());
    }

    @Test
    void onThisLinuxBuildMachineTheSystemProtectorIsPlain() {
        assertEquals("plain", SecretProtector.forThisSystem().id());
        assertFalse(SecretProtector.forThisSystem().seals());
    }

    @Test
    void theWaitingSecretAndTheKeptTokenAreSealedLikeTheDeviceSecret() throws Exception {
        FakeProtector dpapi = new FakeProtector("dpapi-machine", 0x3C);
        StateStore store = new StateStore(tmp, dpapi);
        String waitingSecret = "waiting-secret-fedcba9876543210";
        String token = "rc_enroll_kept-token-0123";
        AgentState s = enrolled(UUID.randomUUID()).withEnrollToken(token).withPendingEnrolment("https://c.example:8443",
                StateStore.CA_FILE, "ab".repeat(32), new PendingCredential(UUID.randomUUID(), waitingSecret,
                        UUID.randomUUID(), Instant.parse("2026-03-03T08:00:00Z"), 3600));
        store.save(s);

        String file = Files.readString(tmp.resolve(StateStore.STATE_FILE), StandardCharsets.UTF_8);
        for (String secret : new String[] {SECRET, waitingSecret, token}) {
            assertFalse(file.contains(secret), file);
        }
        assertEquals(3, dpapi.sealedCount);
        assertEquals(s, store.load());
        assertEquals(waitingSecret, store.load().pending().deviceSecret());
        assertFalse(s.toString().contains(token) || s.toString().contains(waitingSecret), s.toString());
    }
}
