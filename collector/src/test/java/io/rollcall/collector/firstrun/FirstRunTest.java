package io.rollcall.collector.firstrun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rollcall.collector.tls.CertificateAuthority;
import io.rollcall.collector.tls.ServerNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirstRunTest {

    private static final String FINGERPRINT = "ab".repeat(32);
    private static final String URL = "https://rollcall.test:8443";

    @TempDir
    Path dataDir;

    private FirstRunResult start(Map<String, String> env) throws Exception {
        return FirstRun.initialise(dataDir, FINGERPRINT, URL, env, new SecureRandom());
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private JsonNode firstRunJson() throws Exception {
        return new ObjectMapper().readTree(dataDir.resolve("first-run.json").toFile());
    }

    @Test
    void firstStartGeneratesPrefixedRandomTokensAndWritesFirstRunJsonOwnerOnly() throws Exception {
        FirstRunResult result = start(Map.of());

        assertTrue(result.created());
        FirstRunResult.IssuedTokens tokens = result.issued().orElseThrow();
        assertTrue(tokens.enrollToken().matches("rc_enroll_[A-Za-z0-9_-]{43}"), "32 bytes base64url unpadded");
        assertTrue(tokens.adminToken().matches("rc_admin_[A-Za-z0-9_-]{43}"));
        assertEquals("rw-------", mode(dataDir.resolve("first-run.json")));
        JsonNode json = firstRunJson();
        Set<String> fields = new java.util.TreeSet<>();
        json.fieldNames().forEachRemaining(fields::add);
        assertEquals(Set.of("enrollToken", "adminToken", "caFingerprint", "url"), fields);
        assertEquals(tokens.enrollToken(), json.get("enrollToken").asText());
        assertEquals(tokens.adminToken(), json.get("adminToken").asText());
        assertEquals(FINGERPRINT, json.get("caFingerprint").asText());
        assertEquals(URL, json.get("url").asText());
    }

    @Test
    void firstStartStoresOnlyHashesOfTheTokensOwnerOnly() throws Exception {
        FirstRunResult.IssuedTokens tokens = start(Map.of()).issued().orElseThrow();
        Path secrets = dataDir.resolve("secrets");

        assertEquals("rwx------", mode(secrets));
        assertEquals("rw-------", mode(secrets.resolve("enroll-token.sha256")));
        assertEquals("rw-------", mode(secrets.resolve("admin-token.sha256")));
        assertEquals(TokenHashes.sha256Hex(tokens.enrollToken()),
                Files.readString(secrets.resolve("enroll-token.sha256")).trim());
        assertEquals(TokenHashes.sha256Hex(tokens.adminToken()),
                Files.readString(secrets.resolve("admin-token.sha256")).trim());
        try (var entries = Files.list(dataDir)) {
            assertEquals(Set.of("first-run.json", "secrets"),
                    entries.map(p -> p.getFileName().toString()).collect(Collectors.toSet()), "no staging left behind");
        }
    }

    @Test
    void secondStartKeepsTheTokensReadsNoClearTokenAndReportsNotCreated() throws Exception {
        FirstRunResult.IssuedTokens tokens = start(Map.of()).issued().orElseThrow();
        String firstRunJson = Files.readString(dataDir.resolve("first-run.json"));

        FirstRunResult second = start(Map.of());

        assertFalse(second.created());
        assertTrue(second.issued().isEmpty());
        assertTrue(second.tokenHashes().verifyEnrollToken(tokens.enrollToken()));
        assertTrue(second.tokenHashes().verifyAdminToken(tokens.adminToken()));
        assertEquals(firstRunJson, Files.readString(dataDir.resolve("first-run.json")));
    }

    @Test
    void laterStartsWorkAfterTheAdminDeletesFirstRunJson() throws Exception {
        FirstRunResult.IssuedTokens tokens = start(Map.of()).issued().orElseThrow();
        Files.delete(dataDir.resolve("first-run.json"));

        FirstRunResult second = start(Map.of());

        assertFalse(second.created());
        assertTrue(second.tokenHashes().verifyAdminToken(tokens.adminToken()));
        assertFalse(Files.exists(dataDir.resolve("first-run.json")), "a deleted first-run.json is not recreated");
    }

    @Test
    void tokenHashesAcceptOnlyTheMatchingTokenForEachRole() throws Exception {
        FirstRunResult.IssuedTokens tokens = start(Map.of()).issued().orElseThrow();
        TokenHashes hashes = TokenHashes.load(dataDir);

        assertTrue(hashes.verifyEnrollToken(tokens.enrollToken()));
        assertFalse(hashes.verifyEnrollToken(tokens.adminToken()), "the admin token does not enrol");
        assertFalse(hashes.verifyAdminToken(tokens.enrollToken()), "the enrolment token is not an admin token");
        assertFalse(hashes.verifyAdminToken(tokens.adminToken() + "x"));
        assertFalse(hashes.verifyAdminToken(null));
        assertFalse(hashes.verifyEnrollToken(""));
    }

    @Test
    void presetTokensFromTheEnvironmentAreUsedAsGiven() throws Exception {
        Map<String, String> env = Map.of(
                "ROLLCALL_ENROLL_TOKEN", "school-enrol-0123456789abcdef",
                "ROLLCALL_ADMIN_TOKEN", "school-admin-0123456789abcdef");

        FirstRunResult result = start(env);

        assertEquals("school-enrol-0123456789abcdef", result.issued().orElseThrow().enrollToken());
        assertEquals("school-admin-0123456789abcdef", firstRunJson().get("adminToken").asText());
        assertTrue(result.tokenHashes().verifyEnrollToken("school-enrol-0123456789abcdef"));
    }

    @Test
    void emptyPresetVariableCountsAsUnset() throws Exception {
        FirstRunResult result = start(Map.of("ROLLCALL_ADMIN_TOKEN", ""));
        assertTrue(result.issued().orElseThrow().adminToken().startsWith("rc_admin_"));
    }

    @Test
    void shortPresetIsRefusedNamingTheVariableButNotTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> start(Map.of("ROLLCALL_ADMIN_TOKEN", "tooshort-secret")));

        assertTrue(e.getMessage().contains("ROLLCALL_ADMIN_TOKEN"), e.getMessage());
        assertFalse(e.getMessage().contains("tooshort-secret"), "the message must not echo the value");
        assertFalse(Files.exists(dataDir.resolve("first-run.json")), "nothing written on refusal");
        assertFalse(Files.exists(dataDir.resolve("secrets")));
    }

    @Test
    void presetWithSpacesOrControlCharactersIsRefusedNamingTheVariable() {
        for (String bad : List.of("has a space in it 0123456789", "tab\there-0123456789abcdefgh", "accentué-0123456789abcdefgh")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> start(Map.of("ROLLCALL_ENROLL_TOKEN", bad)));
            assertTrue(e.getMessage().contains("ROLLCALL_ENROLL_TOKEN"), e.getMessage());
        }
    }

    @Test
    void presetOnALaterStartRotatesThatTokenOnly() throws Exception {
        FirstRunResult.IssuedTokens tokens = start(Map.of()).issued().orElseThrow();

        FirstRunResult later = start(Map.of("ROLLCALL_ADMIN_TOKEN", "rotated-admin-0123456789abcdef"));

        assertFalse(later.created());
        assertTrue(later.tokenHashes().verifyAdminToken("rotated-admin-0123456789abcdef"));
        assertFalse(later.tokenHashes().verifyAdminToken(tokens.adminToken()));
        assertTrue(later.tokenHashes().verifyEnrollToken(tokens.enrollToken()));
    }

    @Test
    void missingHashFileFailsClearlyInsteadOfIssuingNewTokens() throws Exception {
        start(Map.of());
        Files.delete(dataDir.resolve("secrets/enroll-token.sha256"));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> start(Map.of()));
        assertTrue(e.getMessage().contains("enroll-token.sha256 is missing"), e.getMessage());
    }

    @Test
    void bannerShowsUrlFingerprintAndWhereTheTokensAreKeptButNeverTheTokens() throws Exception {
        FirstRunResult result = start(Map.of());
        FirstRunResult.IssuedTokens tokens = result.issued().orElseThrow();

        String banner = FirstRun.banner(result, dataDir);

        assertTrue(banner.contains(URL));
        assertTrue(banner.contains(FINGERPRINT));
        assertFalse(banner.contains(tokens.enrollToken()), banner);
        assertFalse(banner.contains(tokens.adminToken()), banner);
        assertTrue(banner.contains("are in " + dataDir.toAbsolutePath().resolve("first-run.json")), banner);
        assertThrows(IllegalArgumentException.class, () -> FirstRun.banner(start(Map.of()), dataDir));
    }

    @Test
    void resultToStringNeverShowsTheTokens() throws Exception {
        FirstRunResult result = start(Map.of());
        FirstRunResult.IssuedTokens tokens = result.issued().orElseThrow();

        assertFalse(result.toString().contains(tokens.enrollToken()));
        assertFalse(result.toString().contains(tokens.adminToken()));
    }

    @Test
    void urlBracketsIpv6Literals() {
        assertEquals("https://collector.school.example:8443", FirstRun.url("collector.school.example", 8443));
        assertEquals("https://[::1]:8443", FirstRun.url("::1", 8443));
    }

    @Test
    void firstRunJsonCarriesTheFingerprintOfTheGeneratedCa() throws Exception {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(dataDir,
                ServerNames.of("rollcall.test", List.of("localhost", "127.0.0.1"), List.of()));

        FirstRun.initialise(dataDir, ca.caFingerprintSha256(), URL, new HashMap<>(), new SecureRandom());

        assertEquals(ca.caFingerprintSha256(), firstRunJson().get("caFingerprint").asText());
        CertificateAuthority again = CertificateAuthority.loadOrCreate(dataDir,
                ServerNames.of("rollcall.test", List.of("localhost", "127.0.0.1"), List.of()));
        assertEquals(ca.caFingerprintSha256(), again.caFingerprintSha256());
    }
}
