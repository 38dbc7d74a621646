package io.rollcall.collector.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.audit.AuthFailures;
import io.rollcall.collector.support.MutableClock;
import io.rollcall.collector.support.RawHttps;
import io.rollcall.collector.support.TestCollector;
import io.rollcall.common.wire.WireJson;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sign-in throttling over real HTTPS from several loopback addresses (127.0.0.x are different clients to
 * the collector): an attacker's failures slow the attacker, never the real person at their own address.
 */
class LoginThrottleTest {
    @TempDir
    static Path dir;
    static TestCollector tc;
    static RawHttps raw;
    static final MutableClock clock = new MutableClock(Instant.parse("2025-03-03T08:00:00Z"));

    @BeforeAll
    static void start() throws Exception {
        tc = new TestCollector(dir).start(0, cfg -> cfg.withStaleSweepMinutes(0), clock);
        raw = new RawHttps(tc);
    }

    @AfterAll
    static void stop() {
        tc.close();
    }

    private static RawHttps.Response basic(String from, String user, String password) throws Exception {
        String b = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return raw.send(from, "POST", "/api/v1/tokens", "{\"name\":\"cli\"}".getBytes(StandardCharsets.UTF_8),
                "Authorization: Basic " + b, "Content-Type: application/json");
    }

    /** Signs in through the console form from {@code from}: the form's CSRF cookie first, then the post. */
    private static RawHttps.Response console(String from, String user, String password) throws Exception {
        return console(from, user, password, null);
    }

    private static RawHttps.Response console(String from, String user, String password, String deviceCookie)
            throws Exception {
        RawHttps.Response form = raw.send(from, "GET", "/console/login", new byte[0]);
        Matcher cookie = Pattern.compile("rc_login=([^;\\n]+)").matcher(form.header("set-cookie"));
        Matcher hidden = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form.body());
        assertTrue(cookie.find() && hidden.find(), form.toString());
        byte[] body = ("_csrf=" + enc(hidden.group(1)) + "&next=%2Fconsole&username=" + enc(user) + "&password="
                + enc(password)).getBytes(StandardCharsets.UTF_8);
        return raw.send(from, "POST", "/console/login", body, "Cookie: rc_login=" + cookie.group(1)
                + (deviceCookie == null ? "" : "; rc_device=" + deviceCookie), "Content-Type: application/x-www-form-urlencoded");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void fiftyFailuresFromAnAttackerNeitherBlockTheRealPersonNorGoUnslowed() throws Exception {
        String real = "127.0.0.2";
        String attacker = "127.0.0.3";
        tc.createUser("head.teacher", "admin", "correct horse battery staple");
        assertEquals(201, basic(real, "head.teacher", "correct horse battery staple").status());

        List<Long> waits = new ArrayList<>();
        int failures = 0;
        while (failures < 50) {
            RawHttps.Response r = basic(attacker, "head.teacher", "guess " + failures);
            if (r.status() == 429) {
                long wait = Long.parseLong(r.header("retry-after"));
                waits.add(wait);
                clock.advance(Duration.ofSeconds(wait)); // the attacker waits as told, and tries again
            } else {
                assertEquals(401, r.status(), r.toString());
                failures++;
            }
        }
        // growing delays: 1, 2, 4, 8 … seconds between the attacker's guesses
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L), waits.subList(0, 5), waits.toString());
        // a new 15-minute window gives a pair three answered guesses again; past those, the attacker is held
        for (int extra = 0; basic(attacker, "head.teacher", "guess more").status() == 401; extra++) {
            assertTrue(extra < LoginLimiter.FREE_FAILURES, "held back after at most three more guesses");
        }
        RawHttps.Response held = basic(attacker, "head.teacher", "correct horse battery staple");
        assertEquals(429, held.status(), "the attacker's address is held back even with the right password");
        assertTrue(Long.parseLong(held.header("retry-after")) >= 1, held.toString());

        // the real person, at once, from their own address: the API and the console form
        assertEquals(201, basic(real, "head.teacher", "correct horse battery staple").status());
        RawHttps.Response signedIn = console(real, "head.teacher", "correct horse battery staple");
        assertEquals(303, signedIn.status(), signedIn.toString());
        assertTrue(signedIn.header("set-cookie").contains(Authenticator.SESSION_COOKIE + "="), signedIn.toString());
    }

    /** Fails {@code count} times as {@code user} from {@code from}, waiting out each delay as told. */
    private static void attack(String from, String user, int count) throws Exception {
        for (int failures = 0; failures < count; ) {
            RawHttps.Response r = basic(from, user, "guess " + failures);
            if (r.status() == 429) {
                clock.advance(Duration.ofSeconds(Long.parseLong(r.header("retry-after"))));
            } else {
                assertEquals(401, r.status(), r.toString());
                failures++;
            }
        }
        for (int extra = 0; basic(from, user, "guess more").status() == 401; extra++) {
            assertTrue(extra < LoginLimiter.FREE_FAILURES);
        }
    }

    @Test
    void aBrowserThatSignedInBeforeIsNotHeldBackBySomeoneElsesFailuresBehindTheSameAddress() throws Exception {
        String school = "127.0.0.50"; // one NAT address for the whole school network
        tc.createUser("it.lead", "technician", "the it lead's own password");
        RawHttps.Response first = console(school, "it.lead", "the it lead's own password");
        assertEquals(303, first.status(), first.toString());
        Matcher device = Pattern.compile("rc_device=([^;\\n]+)").matcher(first.header("set-cookie"));
        assertTrue(device.find(), first.toString());

        attack(school, "it.lead", 50); // a student behind the same address

        assertEquals(429, console(school, "it.lead", "the it lead's own password").status(),
                "without the cookie the shared address is held back");
        RawHttps.Response again = console(school, "it.lead", "the it lead's own password", device.group(1));
        assertEquals(303, again.status(), "the browser that signed in before is not: " + again);
        // a made-up cookie is no known device: that attempt counts as the shared address, which is held back
        assertEquals(429, console(school, "it.lead", "wrong", "forged-" + device.group(1)).status());
    }

    @Test
    void aGuesserSpreadOverManyAddressesIsStoppedButTheAccountsOwnAddressIsNot() throws Exception {
        tc.createUser("bursar", "business-manager", "a long and right password");
        assertEquals(201, basic("127.0.0.20", "bursar", "a long and right password").status());
        for (int i = 1; i <= 20; i++) {
            assertEquals(401, console("127.0.1." + i, "bursar", "wrong " + i).status());
        }
        RawHttps.Response fresh = basic("127.0.1.99", "bursar", "a long and right password");
        assertEquals(429, fresh.status(), "a new address is refused once the account has 20 failures from new ones");
        assertNotNull(fresh.header("retry-after"));
        assertEquals(201, basic("127.0.0.20", "bursar", "a long and right password").status());
        assertEquals(303, console("127.0.0.20", "bursar", "a long and right password").status());
    }

    @Test
    void tenThousandFailedSignInsWriteABoundedNumberOfAuditRows() throws Exception {
        clock.advance(Duration.ofHours(1));
        Instant from = clock.instant();
        RawHttps.Response form = raw.send("127.0.0.1", "GET", "/console/login", new byte[0]);
        Matcher cookie = Pattern.compile("rc_login=([^;\\n]+)").matcher(form.header("set-cookie"));
        Matcher hidden = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form.body());
        assertTrue(cookie.find() && hidden.find());
        int[] statuses = new int[600];
        for (int i = 0; i < 10_000; i++) {
            // one keep-alive client, so the flood is quick: a different username each time
            HttpResponse<String> r = tc.send(tc.request("/console/login")
                    .header("Cookie", "rc_login=" + cookie.group(1))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + enc(hidden.group(1))
                            + "&username=nobody" + i + "&password=x")));
            statuses[r.statusCode()]++;
            clock.advance(Duration.ofMillis(100)); // 10,000 attempts over 1,000 s
        }
        assertEquals(10_000, statuses[401] + statuses[429]);
        assertTrue(statuses[401] <= 2 * 50, "at most 50 guesses per address per 15 min window: " + statuses[401]);
        clock.advance(Duration.ofMinutes(2));
        int rows = 0;
        HttpResponse<String> res = tc.adminGet("/api/v1/audit?limit=1000&since=" + from);
        for (JsonNode e : WireJson.mapper().readTree(res.body()).get("items")) {
            if (AuthFailures.ACTION.equals(e.get("action").asText()) && "127.0.0.1".equals(e.get("remote").asText())) {
                rows++;
            }
        }
        System.out.println("10,000 failed console sign-ins wrote " + rows + " audit rows");
        // one row per address per minute: 1,000 s of attempts span at most 18 minutes
        assertTrue(rows >= 1 && rows <= 18, "audit rows: " + rows);
    }
}
