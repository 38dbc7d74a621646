package io.rollcall.collector.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.support.TestCollector;
import io.rollcall.common.wire.Hashes;
import io.rollcall.common.wire.WireJson;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /ocsinventory} over real HTTPS on a real collector: the Basic challenge, PROLOG, the captured
 * FusionInventory inventory stored as a device through the ingest path (software, findings with "not collected"
 * reasons, hashed account names), replays stored once, hostile bodies refused with nothing stored, token limits.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OcsEndpointTest {
    @TempDir
    static Path data;
    static TestCollector collector;

    @BeforeAll
    static void start() throws Exception {
        collector = new TestCollector(data).start(0);
    }

    @AfterAll
    static void stop() {
        if (collector != null) {
            collector.close();
        }
    }

    static HttpResponse<byte[]> post(String token, byte[] body) throws Exception {
        return post(token, body, "application/x-compress");
    }

    static HttpResponse<byte[]> post(String token, byte[] body, String contentType) throws Exception {
        HttpRequest.Builder b = collector.request(OcsRoutes.PATH).header("Content-Type", contentType)
                .header("User-Agent", "FusionInventory-Agent_v2.6-3")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("school:" + token)
                    .getBytes(StandardCharsets.UTF_8)));
        }
        return collector.http().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static String reply(HttpResponse<byte[]> res) {
        return new String(OcsXml.inflate(res.body()), StandardCharsets.UTF_8);
    }

    @Test
    @Order(1)
    void withoutCredentialsTheAgentIsChallengedAndWithTheTokenPrologIsAnsweredSend() throws Exception {
        byte[] prolog = OcsRoutes.zlib(OcsXmlTest.PROLOG.getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> challenge = post(null, prolog);
        assertEquals(401, challenge.statusCode());
        assertEquals("Basic realm=\"Rollcall\"", challenge.headers().firstValue("WWW-Authenticate").orElseThrow());
        HttpResponse<byte[]> ok = post(collector.enrollToken, prolog);
        assertEquals(200, ok.statusCode(), reply(ok));
        assertTrue(reply(ok).contains("<RESPONSE>SEND</RESPONSE>"), reply(ok));
        assertTrue(reply(ok).contains("<PROLOG_FREQ>"), reply(ok));
    }

    @Test
    @Order(2)
    void capturedInventoryBecomesADeviceWithUnknownsThatSayWhyAndItsReplayIsStoredOnce() throws Exception {
        byte[] body = OcsRoutes.zlib(OcsMapperTest.fixture());
        HttpResponse<byte[]> res = post(collector.enrollToken, body);
        assertEquals(200, res.statusCode(), reply(res));
        assertTrue(reply(res).contains("<RESPONSE>NO_ACCOUNT_UPDATE</RESPONSE>"), reply(res));
        UUID id = single("SELECT device_id FROM foreign_agents", UUID.class);
        String salt = single("SELECT name_salt FROM foreign_agents", String.class);
        assertEquals("2.6", single("SELECT agent_version FROM foreign_agents", String.class));

        JsonNode device = WireJson.mapper().readTree(collector.adminGet("/api/v1/devices/" + id).body());
        assertEquals("vm", device.path("device").path("hostname").asText());
        assertEquals(887, softwareCount(device));
        String rootHash = Hashes.accountNameHash(salt, "root");
        boolean rootSeen = false;
        for (JsonNode u : device.path("accounts").path("users")) {
            assertTrue(u.path("name").isMissingNode() || u.path("name").isNull(), "a name was stored: " + u);
            rootSeen |= rootHash.equals(u.path("nameHash").asText());
        }
        assertTrue(rootSeen, "root's hash is the agent's hash with this device's salt");
        JsonNode lock = finding(device, "screenlock.disabled");
        assertEquals("unknown", lock.path("verdict").asText(), lock.toString());
        assertTrue(lock.toString().contains("not collected by FusionInventory 2.6"), lock.toString());
        JsonNode encryption = finding(device, "security.unencrypted");
        assertEquals("unknown", encryption.path("verdict").asText());
        assertTrue(encryption.toString().contains("not collected by FusionInventory 2.6"), encryption.toString());

        Map<String, Long> before = collector.rowCounts();
        // sent the way curl --data-binary sends it: the body is still the zlib inventory, not a form
        assertEquals(200, post(collector.enrollToken, body, "application/x-www-form-urlencoded").statusCode());
        assertEquals(before, collector.rowCounts(), "a replay stored something");
    }

    private static int softwareCount(JsonNode device) {
        JsonNode sw = device.path("software");
        return sw.isArray() ? sw.size() : sw.path("rows").size();
    }

    private static JsonNode finding(JsonNode device, String rule) {
        for (JsonNode f : device.path("findings")) {
            if (rule.equals(f.path("rule").asText())) {
                return f;
            }
        }
        throw new AssertionError("no " + rule + " finding in " + device.path("findings"));
    }

    @Test
    @Order(3)
    void theDevicePageNamesTheAgentAndItsSharedCredentialAndTheFilterShowsWhatItDoesNotCollect() throws Exception {
        String password = TestCollector.randomToken("pw-");
        collector.createUser("tech.interop", "technician", password);
        HttpResponse<String> form = collector.send(collector.request("/console/login").GET());
        String loginCookie = form.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form.body());
        assertTrue(m.find(), form.body());
        HttpResponse<String> in = collector.send(collector.request("/console/login").header("Cookie", loginCookie)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(
                        "username=tech.interop&password=" + password + "&_csrf=" + m.group(1))));
        assertEquals(303, in.statusCode(), in.body());
        String cookie = in.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("rc_session="))
                .findFirst().orElseThrow().split(";")[0];
        UUID id = single("SELECT device_id FROM foreign_agents", UUID.class);

        String page = collector.send(collector.request("/console/devices/" + id).header("Cookie", cookie).GET()).body();
        assertTrue(page.contains("id=\"reported-by\""), page);
        assertTrue(page.contains("Reported by <strong>FusionInventory 2.6</strong>"), page);
        assertTrue(page.contains("shared credential"), page);
        assertTrue(page.contains("first-run"), "the token's label: " + page);

        HttpResponse<String> filtered = collector.send(collector.request("/console/interop?agent="
                + URLEncoder.encode("FusionInventory 2.6", StandardCharsets.UTF_8)).header("Cookie", cookie).GET());
        assertEquals(200, filtered.statusCode(), filtered.body());
        String table = filtered.body().substring(filtered.body().indexOf("id=\"unknowns\""));
        assertTrue(table.contains("screenlock.disabled") && table.contains("security.unencrypted"), table);
        assertTrue(table.contains("not collected by FusionInventory 2.6"), table);
        JsonNode api = WireJson.mapper().readTree(collector.adminGet("/api/v1/interop/unknowns?agent="
                + URLEncoder.encode("FusionInventory 2.6", StandardCharsets.UTF_8)).body());
        assertTrue(api.path("items").size() >= 2, api.toString());
        for (JsonNode u : api.path("items")) {
            assertEquals("not collected by FusionInventory 2.6", u.path("reason").asText(), u.toString());
        }
        JsonNode listed = WireJson.mapper().readTree(collector.adminGet("/api/v1/interop/devices").body());
        assertEquals("shared", listed.path("items").path(0).path("credential").asText(), listed.toString());
        assertEquals("first-run", listed.path("items").path(0).path("enrolmentToken").asText(), listed.toString());
        assertEquals(400, collector.adminGet("/api/v1/interop/unknowns?agent=GLPI%20Agent%201.0").statusCode());
        HttpResponse<String> other = collector.send(collector.request("/console/interop?agent=GLPI%20Agent%201.0")
                .header("Cookie", cookie).GET());
        assertEquals(400, other.statusCode(), "an agent that reports nothing here is named in the refusal");
    }

    @Test
    @Order(4)
    void hostileBodiesGetTheErrorReplyAndStoreNothing() throws Exception {
        Map<String, Long> before = collector.rowCounts();
        String laughs = "<?xml version=\"1.0\"?><!DOCTYPE REQUEST [<!ENTITY a \"aaaaaaaaaa\">"
                + "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]><REQUEST><QUERY>INVENTORY</QUERY><DEVICEID>&b;"
                + "</DEVICEID></REQUEST>";
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE REQUEST [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<REQUEST><QUERY>INVENTORY</QUERY><DEVICEID>&x;</DEVICEID></REQUEST>";
        String deep = "<REQUEST><QUERY>INVENTORY</QUERY><DEVICEID>d</DEVICEID><CONTENT>" + "<X>".repeat(40)
                + "</X>".repeat(40) + "</CONTENT></REQUEST>";
        byte[] bomb = OcsRoutes.zlib(new byte[48 * 1024 * 1024]);
        byte[] huge = new byte[OcsXml.MAX_BODY_BYTES + 1];
        new java.util.Random(7).nextBytes(huge);
        HttpResponse<byte[]> tooLarge = post(collector.enrollToken, huge);
        assertEquals(413, tooLarge.statusCode());
        assertTrue(reply(tooLarge).contains("too-large"), reply(tooLarge));
        for (byte[] body : new byte[][] {OcsRoutes.zlib(laughs.getBytes(StandardCharsets.UTF_8)),
                OcsRoutes.zlib(xxe.getBytes(StandardCharsets.UTF_8)), OcsRoutes.zlib(deep.getBytes(StandardCharsets.UTF_8)),
                bomb, "<REQUEST><QUERY>INVENTORY</QUERY></REQUEST>".getBytes(StandardCharsets.UTF_8)}) {
            HttpResponse<byte[]> res = post(collector.enrollToken, body);
            assertTrue(res.statusCode() == 400 || res.statusCode() == 413, res.statusCode() + " " + reply(res));
            assertTrue(reply(res).contains("<RESPONSE>ERROR</RESPONSE>"), reply(res));
            assertTrue(!reply(res).contains("root:"), "the XXE read a file: " + reply(res));
        }
        assertEquals(before, collector.rowCounts());
        assertEquals(1L, single("SELECT COUNT(*) FROM foreign_agents", Long.class));
    }

    @Test
    @Order(5)
    void aTokensDeviceLimitPerMinuteRateAndRevocationHold() throws Exception {
        JsonNode created = WireJson.mapper().readTree(collector.admin("POST", "/api/v1/enrollment/tokens",
                "{\"label\":\"lab\",\"validDays\":30,\"maxDevices\":1}").body());
        String token = created.path("token").asText();
        assertEquals(200, post(token, inventory("lab-1")).statusCode());
        HttpResponse<byte[]> second = post(token, inventory("lab-2"));
        assertEquals(403, second.statusCode());
        assertTrue(reply(second).contains("enrolment-token-used-up"), reply(second));
        assertEquals(200, post(token, inventory("lab-1")).statusCode(), "a known device still reports");
        collector.admin("DELETE", "/api/v1/enrollment/tokens/" + created.path("id").asText(), null);
        HttpResponse<byte[]> revoked = post(token, inventory("lab-1"));
        assertEquals(403, revoked.statusCode());
        assertTrue(reply(revoked).contains("revoked"), reply(revoked));
        assertEquals("lab", single("SELECT token_label FROM foreign_agents WHERE agent_device_id = 'lab-1'",
                String.class));

        // a token's per-minute budget counts the new devices it brings in, as it counts enrolments
        String slow = WireJson.mapper().readTree(collector.admin("POST", "/api/v1/enrollment/tokens",
                "{\"label\":\"slow\",\"validDays\":30,\"maxDevices\":10,\"perMinute\":1}").body()).path("token").asText();
        assertEquals(200, post(slow, inventory("slow-1")).statusCode());
        HttpResponse<byte[]> fast = post(slow, inventory("slow-2"));
        assertEquals(429, fast.statusCode(), reply(fast));
        assertTrue(fast.headers().firstValue("Retry-After").isPresent());
        assertEquals(200, post(slow, inventory("slow-1")).statusCode(), "a known device is no new device");
    }

    static byte[] inventory(String deviceId) {
        String xml = "<REQUEST><CONTENT><HARDWARE><NAME>" + deviceId + "</NAME></HARDWARE>"
                + "<SOFTWARES><NAME>bash</NAME><VERSION>5.2</VERSION><FROM>deb</FROM></SOFTWARES>"
                + "<VERSIONCLIENT>FusionInventory-Agent_v2.6-3</VERSIONCLIENT></CONTENT>"
                + "<DEVICEID>" + deviceId + "</DEVICEID><QUERY>INVENTORY</QUERY></REQUEST>";
        return OcsRoutes.zlib(xml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @Order(6)
    void wrongTokensAreLimitedPerAddressLikeEnrolment() throws Exception {
        byte[] prolog = OcsRoutes.zlib(OcsXmlTest.PROLOG.getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < OcsService.PER_ADDRESS.max(); i++) {
            HttpResponse<byte[]> res = post("rc_enroll_wrong" + i, prolog);
            assertEquals(401, res.statusCode());
            assertNotNull(res.headers().firstValue("WWW-Authenticate").orElse(null));
        }
        HttpResponse<byte[]> limited = post(collector.enrollToken, prolog);
        assertEquals(429, limited.statusCode(), reply(limited));
        assertTrue(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow()) > 0);
    }

    static <T> T single(String sql, Class<T> type) throws Exception {
        return collector.collector().database().read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "no row for " + sql);
                return rs.getObject(1, type);
            }
        });
    }
}
