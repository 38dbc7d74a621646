package io.rollcall.agent.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.common.wire.WireJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The streaming state file is byte for byte what the object mapper wrote, and reads everything the mapper wrote. */
class StateJsonTest {
    private static final SecretProtector REVERSING = new SecretProtector() {
        @Override
        public String id() {
            return "test-reverse";
        }

        @Override
        public boolean seals() {
            return true;
        }

        @Override
        public byte[] protect(byte[] plain) {
            byte[] out = new byte[plain.length];
            for (int i = 0; i < plain.length; i++) {
                out[i] = plain[plain.length - 1 - i];
            }
            return out;
        }

        @Override
        public byte[] unprotect(byte[] sealed) {
            return protect(sealed);
        }
    };

    private static AgentState everything() {
        UUID report = UUID.fromString("0b6f3c8e-1d2a-4c1e-9a7b-5f2d8e4c6a10");
        return new AgentState("https://collector.school.example", UUID.fromString("aea08d4b-e9cf-4972-b1ff-b8ac6c8db360"),
                "s3cret-ünïcode", "collector-ca.pem", "ab".repeat(32), 3600,
                Map.of("os", "cf11", "software", "fa3a", "security", "e65c"),
                Instant.parse("2026-12-06T04:23:02.712471061Z"), Instant.parse("2026-12-06T05:00:00Z"),
                Instant.parse("2026-12-06T05:00:00.5Z"), Instant.parse("2026-12-06T05:00:01Z"), new DropCounters(1, 2, 3),
                Instant.parse("2026-11-30T09:00:00Z"), Map.of(report, Instant.parse("2026-12-01T10:00:00Z")),
                "enrol-token", new PendingCredential(UUID.fromString("9a1c0d3e-2b4f-4e6a-8c9d-0e1f2a3b4c5d"), "next-secret",
                UUID.fromString("5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9"), Instant.parse("2026-12-05T12:00:00Z"), 900, true));
    }

    private static byte[] mapperForm(AgentState s) throws IOException {
        return WireJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(WireJson.mapper().valueToTree(s));
    }

    @Test
    void writesExactlyWhatTheObjectMapperWrote() throws IOException {
        for (AgentState s : new AgentState[] {everything(), AgentState.EMPTY,
                AgentState.EMPTY.withEnrolment("https://c.example", UUID.randomUUID(), "x", "ca.pem", "salt", 60)}) {
            assertEquals(new String(mapperForm(s), StandardCharsets.UTF_8),
                    new String(StateJson.write(s, SecretProtector.plain()), StandardCharsets.UTF_8));
        }
    }

    @Test
    void readsWhatTheObjectMapperWrote() throws IOException {
        AgentState s = everything();
        assertEquals(s, StateJson.read(mapperForm(s), SecretProtector.plain()));
        assertEquals(s, WireJson.mapper().readValue(StateJson.write(s, SecretProtector.plain()), AgentState.class));
    }

    @Test
    void sealedSecretsNeverAppearInTheFileAndOpenAgain() throws IOException {
        AgentState s = everything();
        byte[] file = StateJson.write(s, REVERSING);
        String text = new String(file, StandardCharsets.UTF_8);
        assertFalse(text.contains("s3cret") || text.contains("enrol-token") || text.contains("next-secret"), text);
        assertTrue(text.contains("\"protector\" : \"test-reverse\""), text);
        assertEquals(s, StateJson.read(file, REVERSING));
        IOException refused = assertThrows(IOException.class, () -> StateJson.read(file, SecretProtector.plain()));
        assertEquals("the deviceSecret was sealed by 'test-reverse', which this system (protector 'plain') cannot open",
                refused.getMessage());
    }

    @Test
    void badFilesFailNamingTheField() {
        assertEquals("reportIntervalSeconds was a string, must be a whole number", message(
                "{\"reportIntervalSeconds\": \"3600\"}"));
        assertEquals("reportIntervalSeconds was null, must be a whole number", message("{\"reportIntervalSeconds\": null}"));
        assertEquals("deviceId was \"nope\", must be a UUID", message("{\"deviceId\": \"nope\"}"));
        assertEquals("lastFullAt was \"yesterday\", must be a time such as 2026-01-31T08:00:00Z",
                message("{\"lastFullAt\": \"yesterday\"}"));
        assertTrue(message("{\"server\": \"a\", \"server\": \"b\"}").contains("server"));
        assertEquals("trailing content after the state object", message("{} {}"));
        assertEquals("state: expected {, found an array", message("[]"));
        assertTrue(message("{\"dropped\": {\"heartbeats\": -1}}").contains("heartbeats=-1"));
    }

    @Test
    void fieldsOfANewerAgentAreSkipped() throws IOException {
        AgentState s = StateJson.read(("{\"server\":\"https://c.example\",\"future\":{\"a\":[1,{\"b\":2}]},"
                + "\"dropped\":{\"heartbeats\":4,\"zero\":false}}").getBytes(StandardCharsets.UTF_8), SecretProtector.plain());
        assertEquals("https://c.example", s.server());
        assertEquals(new DropCounters(4, 0, 0), s.dropped());
        assertArrayEquals(StateJson.write(s, SecretProtector.plain()), StateJson.write(
                StateJson.read(StateJson.write(s, SecretProtector.plain()), SecretProtector.plain()), SecretProtector.plain()));
    }

    private static String message(String json) {
        return assertThrows(IOException.class,
                () -> StateJson.read(json.getBytes(StandardCharsets.UTF_8), SecretProtector.plain())).getMessage();
    }
}
