package io.rollcall.collector.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rollcall.collector.support.TestCollector;
import io.rollcall.common.enroll.EnrollResponse;
import io.rollcall.common.sample.SampleReports;
import io.rollcall.common.wire.ReportCodec;
import io.rollcall.common.wire.WireJson;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile and broken requests each get the right 4xx with {@code {error, detail}} and leave every
 * table exactly as it was.
 */
class HostileRequestTest {
    @TempDir
    static Path dir;
    static TestCollector rc;
    static EnrollResponse device;
    static EnrollResponse other;

    @BeforeAll
    static void start() throws Exception {
        rc = new TestCollector(dir).start(0);
        device = rc.enroll(UUID.randomUUID().toString());
        other = rc.enroll(UUID.randomUUID().toString());
    }

    @AfterAll
    static void stop() {
        rc.close();
    }

    /** A valid report of {@code device} as a mutable tree, so each case breaks one thing. */
    static ObjectNode valid() {
        return WireJson.mapper().valueToTree(SampleReports.full(device.deviceId(), 3, 40, Instant.now()));
    }

    static byte[] json(JsonNode n) {
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] mutate(Consumer<ObjectNode> change) {
        ObjectNode n = valid();
        change.accept(n);
        return json(n);
    }

    static byte[] gzip(byte[] raw) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(b)) {
            gz.write(raw);
        }
        return b.toByteArray();
    }

    static byte[] bomb() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(b)) {
            byte[] spaces = new byte[1 << 20];
            java.util.Arrays.fill(spaces, (byte) ' ');
            gz.write('{');
            for (int i = 0; i < 100; i++) {
                gz.write(spaces);
            }
            gz.write('}');
        }
        return b.toByteArray();
    }

    record Case(byte[] body, Map<String, String> headers, boolean authAsOther, String auth) {
    }

    static Arguments c(String name, int status, byte[] body) {
        return Arguments.of(name, status, new Case(body, Map.of(), false, null));
    }

    static Arguments c(String name, int status, byte[] body, Map<String, String> headers) {
        return Arguments.of(name, status, new Case(body, headers, false, null));
    }

    static Arguments auth(String name, int status, byte[] body, String authHeader, boolean asOther) {
        return Arguments.of(name, status, new Case(body, Map.of(), asOther, authHeader));
    }

    static Stream<Arguments> cases() throws Exception {
        byte[] ok = json(valid());
        StringBuilder longArray = new StringBuilder("[");
        for (int i = 0; i < 20_001; i++) {
            longArray.append(i == 0 ? "1" : ",1");
        }
        longArray.append(']');
        return Stream.of(
                c("not JSON", 400, "this is not json".getBytes(StandardCharsets.UTF_8)),
                c("JSON array instead of an object", 400, "[1,2,3]".getBytes(StandardCharsets.UTF_8)),
                c("JSON null", 400, "null".getBytes(StandardCharsets.UTF_8)),
                c("truncated JSON", 400, java.util.Arrays.copyOf(ok, ok.length / 2)),
                c("schema as a string", 400, mutate(n -> n.put("schema", "1"))),
                c("unsupported schema version", 400, mutate(n -> n.put("schema", 2))),
                c("reportId not a UUID", 400, mutate(n -> n.put("reportId", "abc"))),
                c("unknown report kind", 400, mutate(n -> n.put("kind", "everything"))),
                c("software as an object", 400, mutate(n -> ((ObjectNode) n.get("sections")).putObject("software"))),
                c("boolean given as a number", 400, mutate(n -> ((ObjectNode) n.at("/sections/accounts/users/0")).put("admin", 1))),
                c("negative idle seconds", 400, mutate(n -> ((ObjectNode) n.at("/sections/screenLock/perAccount/0")).put("idleSeconds", -5))),
                c("vendor id not hex", 400, mutate(n -> ((ObjectNode) n.at("/sections/removableMedia/connected/0")).put("vendorId", "zz:zz"))),
                c("personal account carrying its name", 400, mutate(n -> ((ObjectNode) n.at("/sections/accounts/users/1")).put("name", "dad"))),
                c("collected a year in the future", 400, mutate(n -> n.put("collectedAt", Instant.now().plusSeconds(365L * 86400).toString()))),
                c("duplicate keys", 400, "{\"schema\":1,\"schema\":1}".getBytes(StandardCharsets.UTF_8)),
                c("trailing garbage", 400, (new String(ok, StandardCharsets.UTF_8) + "garbage").getBytes(StandardCharsets.UTF_8)),
                c("a 5,000-character string", 413, mutate(n -> n.put("agentVersion", "v".repeat(5000)))),
                c("a package name over 512 characters", 400, mutate(n -> ((ObjectNode) n.at("/sections/software/0")).put("name", "n".repeat(600)))),
                c("nesting 40 deep", 413, mutate(n -> {
                    ObjectNode deep = n.putObject("extra");
                    for (int i = 0; i < 40; i++) {
                        deep = deep.putObject("x");
                    }
                })),
                c("an array of 20,001 elements", 413, mutate(n -> {
                    try {
                        n.set("extra", WireJson.mapper().readTree(longArray.toString()));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })),
                c("a body over 4 MiB", 413, new byte[5 * 1024 * 1024]),
                c("gzip bomb", 413, bomb(), Map.of("Content-Encoding", "gzip")),
                c("gzip header on a plain body", 400, ok, Map.of("Content-Encoding", "gzip")),
                c("brotli encoding", 415, gzip(ok), Map.of("Content-Encoding", "br")),
                c("text/plain content type", 415, ok, Map.of("Content-Type", "text/plain")),
                c("empty body", 400, new byte[0]),
                auth("no credential", 401, ok, "", false),
                auth("credential without a secret", 401, ok, "Bearer " + UUID.randomUUID(), false),
                auth("wrong secret", 401, ok, "Bearer " + UUID.randomUUID() + ".nope", false),
                auth("another device's valid credential", 403, ok, null, true),
                auth("the admin token as a device credential", 401, ok, "ADMIN", false));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("cases")
    void hostileRequestIsRefusedAndStoresNothing(String name, int status, Case k) throws Exception {
        Map<String, Long> before = rc.rowCounts();
        HttpRequest.Builder b = rc.request("/api/v1/reports");
        EnrollResponse as = k.authAsOther() ? other : device;
        String authHeader = k.auth() == null ? "Bearer " + as.deviceId() + "." + as.deviceSecret()
                : k.auth().equals("ADMIN") ? "Bearer " + rc.adminToken : k.auth();
        if (!authHeader.isEmpty()) {
            b.header("Authorization", authHeader);
        }
        b.header("Content-Type", k.headers().getOrDefault("Content-Type", "application/json"));
        if (k.headers().containsKey("Content-Encoding")) {
            b.header("Content-Encoding", k.headers().get("Content-Encoding"));
        }
        HttpResponse<String> res = rc.send(b.POST(HttpRequest.BodyPublishers.ofByteArray(k.body())));
        assertEquals(status, res.statusCode(), name + ": " + res.body());
        JsonNode err = WireJson.mapper().readTree(res.body());
        assertNotNull(err.get("error"), res.body());
        assertFalse(err.get("detail").asText().isBlank());
        assertFalse(res.body().contains("at io.") || res.body().contains("Exception"), "no stack traces: " + res.body());
        assertEquals(before, rc.rowCounts(), name + " must store nothing");
    }

    @ParameterizedTest(name = "enrol: {0} -> {1}")
    @MethodSource("enrolCases")
    void hostileEnrolmentIsRefusedAndStoresNothing(String name, int status, String body) throws Exception {
        Map<String, Long> before = rc.rowCounts();
        HttpResponse<String> res = rc.send(rc.request("/api/v1/enroll").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(status, res.statusCode(), res.body());
        assertTrue(res.body().contains("\"detail\""));
        assertEquals(before, rc.rowCounts());
    }

    static Stream<Arguments> enrolCases() {
        String hw = UUID.randomUUID().toString();
        return Stream.of(
                Arguments.of("wrong token", 401, "{\"enrollToken\":\"rc_enroll_wrong\",\"hardwareUuid\":\"" + hw + "\"}"),
                Arguments.of("no hardware id", 400, "{\"enrollToken\":\"" + rc.enrollToken + "\"}"),
                Arguments.of("body over 16 KiB", 413, "{\"enrollToken\":\"" + "x".repeat(20_000) + "\"}"),
                Arguments.of("hostname over 256 characters", 400, "{\"enrollToken\":\"" + rc.enrollToken
                        + "\",\"hardwareUuid\":\"" + hw + "\",\"hostname\":\"" + "h".repeat(300) + "\"}"));
    }
}
