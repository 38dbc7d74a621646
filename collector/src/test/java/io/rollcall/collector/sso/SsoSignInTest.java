package io.rollcall.collector.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jose.jwk.JWKSet;
import io.rollcall.collector.support.ConsoleSession;
import io.rollcall.common.enroll.EnrollResponse;
import io.rollcall.common.report.Report;
import io.rollcall.common.sample.SampleReports;
import io.rollcall.common.wire.ReportCodec;
import java.net.URI;
import java.util.UUID;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Single sign-on against a real OpenID provider started in the test: the whole code flow with PKCE, and each way a
 * sign-in must be refused (state, replayed code, nonce, another signing key, audience, expiry, no role).
 */
class SsoSignInTest {
    @TempDir
    static Path dir;
    static OidcFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new OidcFixture(dir, false);
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void staffSignInWithPkceGivesASessionThatSeesOnlyTheirOwnLaptop() throws Exception {
        String mine = f.lentLaptop("Pat One", "pat.one@" + OidcFixture.DOMAIN);
        String theirs = f.lentLaptop("Sam Two", "sam.two@" + OidcFixture.DOMAIN);

        f.nextPerson("Pat.One@" + OidcFixture.DOMAIN);
        OidcFixture.Started s = f.start();
        assertEquals("S256", s.param("code_challenge_method"));
        assertTrue(s.param("code_challenge").length() >= 43, s.authorize().toString());
        assertFalse(s.authorize().toString().contains("code_verifier"), "the verifier never leaves the collector");
        assertTrue(s.param("nonce").length() > 20 && s.param("state").length() > 20);
        assertEquals("https://localhost:" + f.tc.port() + "/console/sso/callback", s.param("redirect_uri"));
        URI back = f.authorize(s);
        HttpResponse<String> res = f.callback(back, s.stateCookie());
        assertEquals(200, res.statusCode(), res.body());
        assertTrue(res.body().contains("url=/console/my-device"), res.body());
        String session = OidcFixture.session(res);

        JsonNode me = OidcFixture.ok(200, f.get(session, "/api/v1/me/devices"));
        assertEquals("pat.one@" + OidcFixture.DOMAIN, me.get("email").asText());
        assertEquals("staff", me.get("role").asText());
        JsonNode devices = me.get("items");
        assertEquals(1, devices.size(), devices.toString());
        assertEquals(mine, devices.get(0).get("deviceId").asText());
        assertTrue(devices.get(0).get("findings").size() > 0, devices.toString());
        for (JsonNode fi : devices.get(0).get("findings")) {
            assertFalse(fi.get("whatToDo").asText().isBlank(), fi.toString());
        }
        HttpResponse<String> page = f.get(session, "/console/my-device");
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("What to do:"), page.body());
        assertFalse(page.body().contains(theirs) || page.body().contains("T-" + theirs.substring(0, 8)));
        // staff reach no route that existed before them, and no one else's device
        assertEquals(403, f.get(session, "/api/v1/devices/" + theirs).statusCode());
        assertEquals(403, f.get(session, "/api/v1/devices").statusCode());
        assertEquals(403, f.get(session, "/api/v1/me").statusCode());
        assertEquals(403, f.get(session, "/console/devices/" + theirs).statusCode());

        JsonNode audit = OidcFixture.ok(200, f.tc.adminGet("/api/v1/audit?limit=500")).get("items");
        assertTrue(audit.toString().contains("single sign-on with test"), audit.toString());
    }

    @Test
    void aDeviceWhosePrimaryUserIsTheSignedInPersonIsTheirsAndNoOneElses() throws Exception {
        EnrollResponse d = f.tc.enroll(UUID.randomUUID().toString());
        Report r = SampleReports.full(d.deviceId(), 99_001, 10, Instant.now());
        assertEquals(202, f.tc.postReport(d, ReportCodec.toGzipJson(r), true).statusCode());
        String tech = f.tc.newUserToken("technician");
        String path = "/api/v1/devices/" + d.deviceId() + "/primary-user";
        OidcFixture.ok(200, f.tc.as(tech, "PUT", path, "{\"email\":\"Owner.One@" + OidcFixture.DOMAIN + "\"}"));
        assertEquals(400, f.tc.as(tech, "PUT", path, "{\"email\":\"not an address\"}").statusCode());

        JsonNode mine = OidcFixture.ok(200, f.get(f.signIn("owner.one@" + OidcFixture.DOMAIN), "/api/v1/me/devices"));
        assertEquals(1, mine.get("items").size(), mine.toString());
        assertEquals(d.deviceId().toString(), mine.get("items").get(0).get("deviceId").asText());
        assertEquals("primary user", mine.get("items").get(0).get("how").asText());
        JsonNode other = OidcFixture.ok(200, f.get(f.signIn("owner.two@" + OidcFixture.DOMAIN), "/api/v1/me/devices"));
        assertEquals(0, other.get("items").size(), other.toString());

        OidcFixture.ok(200, f.tc.as(tech, "PUT", path, "{\"email\":null}"));
        assertEquals(0, OidcFixture.ok(200, f.get(f.signIn("owner.one@" + OidcFixture.DOMAIN), "/api/v1/me/devices"))
                .get("items").size());
    }

    @Test
    void groupRuleComesBeforeDomainRuleAndRolesFollowTheProviderAtEachSignIn() throws Exception {
        String email = "tech@" + OidcFixture.DOMAIN;
        f.nextToken(email, new HashMap<>(Map.of("email", email, "groups", List.of("it-team"))), 3600);
        OidcFixture.Started s = f.start();
        String session = OidcFixture.session(f.callback(f.authorize(s), s.stateCookie()));
        assertEquals("technician", OidcFixture.ok(200, f.get(session, "/api/v1/me/devices")).get("role").asText());
        // out of the group at the provider: staff from the next sign-in on, and the old session follows the account
        String again = f.signIn(email);
        assertEquals("staff", OidcFixture.ok(200, f.get(again, "/api/v1/me/devices")).get("role").asText());
        assertEquals(403, f.get(session, "/api/v1/devices").statusCode());
    }

    @Test
    void wrongStateOrAnotherBrowserIsRefused() throws Exception {
        // no token is asked for in this test, so none is queued at the provider
        OidcFixture.Started s = f.start();
        URI back = f.authorize(s);
        String forged = back.toString().replaceAll("state=[^&]+", "state=forged-state-value-000000000");
        HttpResponse<String> res = f.callback(URI.create(forged), s.stateCookie());
        assertEquals(403, res.statusCode());
        assertTrue(res.body().contains("already used or has expired"), res.body());
        assertNoSession(res);

        OidcFixture.Started s2 = f.start();
        HttpResponse<String> other = f.callback(f.authorize(s2), "rc_sso=someone-elses-state");
        assertEquals(403, other.statusCode());
        assertTrue(other.body().contains("started in another browser"), other.body());
        assertNoSession(other);
    }

    @Test
    void aReplayedCodeIsRefusedByUsAndByTheProvider() throws Exception {
        f.nextPerson("replay@" + OidcFixture.DOMAIN);
        OidcFixture.Started s = f.start();
        URI back = f.authorize(s);
        assertEquals(200, f.callback(back, s.stateCookie()).statusCode());
        HttpResponse<String> again = f.callback(back, s.stateCookie());
        assertEquals(403, again.statusCode());
        assertNoSession(again);
        // the same code under a fresh state: the provider itself refuses a code it already exchanged
        OidcFixture.Started fresh = f.start();
        String code = OidcFixture.query(back).get("code");
        HttpResponse<String> res = f.callback(URI.create("x:/?code=" + code + "&state=" + fresh.param("state")),
                fresh.stateCookie());
        assertEquals(403, res.statusCode());
        assertTrue(res.body().contains("invalid_grant"), res.body());
    }

    @Test
    void anIdTokenWithAnotherNonceIsRefused() throws Exception {
        String email = "nonce@" + OidcFixture.DOMAIN;
        f.nextToken(email, new HashMap<>(Map.of("email", email, "nonce", "a-nonce-from-another-sign-in")), 3600);
        assertRefused("nonce");
    }

    @Test
    void anIdTokenForAnotherClientIsRefused() throws Exception {
        String email = "aud@" + OidcFixture.DOMAIN;
        f.nextToken(email, new HashMap<>(Map.of("email", email, "aud", "another-application")), 3600);
        assertRefused("audience");
    }

    @Test
    void anExpiredIdTokenIsRefused() throws Exception {
        OidcFixture.Started s = f.start();
        URI back = f.authorize(s);
        // signed by the provider's own key, right in every other way, but ten minutes past its expiry
        String email = "late@" + OidcFixture.DOMAIN;
        SignedJWT late = f.idp.issueToken(OidcFixture.ISSUER_ID, OidcFixture.CLIENT_ID,
                new DefaultOAuth2TokenCallback(OidcFixture.ISSUER_ID, email, "JWT", List.of(OidcFixture.CLIENT_ID),
                        Map.of("email", email, "nonce", s.param("nonce")), -600));
        f.forged.once(OidcFixture.json(Map.of("access_token", "x", "token_type", "Bearer", "expires_in", 600,
                "id_token", late.serialize())));
        HttpResponse<String> res = f.callback(back, s.stateCookie());
        assertEquals(403, res.statusCode(), res.body());
        assertTrue(res.body().contains("Expired JWT"), res.body());
        assertNoSession(res);
    }

    @Test
    void anIdTokenSignedWithAKeyTheProviderDoesNotPublishIsRefused() throws Exception {
        OidcFixture.Started s = f.start();
        URI back = f.authorize(s);
        // the provider's published key id, but a key of the attacker's own
        String kid = JWKSet.load(new java.net.URL(f.idp.jwksUrl(OidcFixture.ISSUER_ID).toString())).getKeys().get(0)
                .getKeyID();
        RSAKey attacker = new RSAKeyGenerator(2048).keyID(kid).generate();
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(f.issuer()).audience(OidcFixture.CLIENT_ID)
                .subject("forged").claim("email", "forged@" + OidcFixture.DOMAIN).claim("nonce", s.param("nonce"))
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).type(JOSEObjectType.JWT)
                .build(), claims);
        jwt.sign(new RSASSASigner(attacker));
        // the provider's token endpoint answers this once (its discovery document and JWKS stay the real ones)
        f.forged.once(OidcFixture.json(Map.of("access_token", "x", "token_type", "Bearer", "expires_in", 600,
                "id_token", jwt.serialize())));
        HttpResponse<String> res = f.callback(back, s.stateCookie());
        assertEquals(403, res.statusCode(), res.body());
        assertTrue(res.body().toLowerCase().contains("signature"), res.body());
        assertNoSession(res);
    }

    @Test
    void someoneNoRuleMatchesIsRefusedWithAClearPageAndNoAccount() throws Exception {
        f.nextPerson("visitor@elsewhere.test");
        OidcFixture.Started s = f.start();
        HttpResponse<String> res = f.callback(f.authorize(s), s.stateCookie());
        assertEquals(403, res.statusCode());
        assertTrue(res.body().contains("visitor@elsewhere.test has no role in Rollcall"), res.body());
        assertTrue(res.body().contains("Ask the school"), res.body());
        assertNoSession(res);
        JsonNode users = OidcFixture.ok(200, f.tc.adminGet("/api/v1/users?limit=1000")).get("items");
        assertFalse(users.toString().contains("visitor@elsewhere.test"), users.toString());
        // refusals are folded per address per minute into the audit log: a minute later the row is there
        f.clock.advance(java.time.Duration.ofMinutes(2));
        JsonNode audit = OidcFixture.ok(200, f.tc.adminGet("/api/v1/audit?limit=1000")).get("items");
        assertTrue(audit.toString().contains("sso visitor@elsewhere.test"), audit.toString());
        assertTrue(audit.toString().contains("\"action\":\"auth-failed\",\"target\":\"GET /console/sso/callback ("),
                audit.toString());
    }

    @Test
    void anSsoAccountCannotSignInWithAPasswordAndTheSecretIsNeverShown() throws Exception {
        f.signIn("nopass@" + OidcFixture.DOMAIN);
        String basic = java.util.Base64.getEncoder().encodeToString(("nopass@" + OidcFixture.DOMAIN + ":sso:test")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        HttpResponse<String> res = f.tc.send(f.tc.request("/api/v1/tokens").header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\"}")));
        assertEquals(401, res.statusCode());
        JsonNode providers = OidcFixture.ok(200, f.tc.adminGet("/api/v1/sso/providers"));
        assertTrue(providers.get("items").get(0).get("clientSecretSet").asBoolean());
        assertFalse(providers.toString().contains("secret-"), providers.toString());
        HttpResponse<String> login = f.tc.send(f.tc.request("/console/login").GET());
        assertTrue(login.body().contains("href=\"/console/sso/test/start?next="), login.body());
        assertNotEquals(-1, login.body().indexOf("Sign in with School"));
    }

    @Test
    void badProviderAndRuleFieldsAreNamed() throws Exception {
        HttpResponse<String> res = f.tc.admin("PUT", "/api/v1/sso/providers/x", OidcFixture.json(Map.of(
                "displayName", "X", "issuer", "http://idp.example.com", "clientId", "c", "clientSecret", "s")));
        assertEquals(400, res.statusCode());
        assertTrue(res.body().contains("issuer"), res.body());
        res = f.tc.admin("PUT", "/api/v1/sso/rules", OidcFixture.json(Map.of("rules", List.of(
                Map.of("kind", "domain", "value", "a.test", "role", "staff"),
                Map.of("kind", "domain", "value", "b.test", "role", "headteacher")))));
        assertEquals(400, res.statusCode());
        assertTrue(res.body().contains("rules[1].") && res.body().contains("role"), res.body());
    }

    // ---- the admin's console pages for single sign-on and alerts (one collector for the whole class) ----

    private static ConsoleSession admin;

    private static ConsoleSession admin() throws Exception {
        if (admin == null) {
            admin = ConsoleSession.newUser(f.tc, "admin.pages", "admin");
        }
        return admin;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void aProviderAndRoleRulesSavedInTheConsoleAreWhatTheApiAndSignInPageShow() throws Exception {
        String csrf = ConsoleSession.csrf(admin().get("/console/sso").body());
        HttpResponse<String> res = admin().post("/console/sso/providers", "_csrf=" + enc(csrf) + "&id=google"
                + "&displayName=" + enc("Sign in with Google") + "&issuer=" + enc("https://accounts.google.com")
                + "&clientId=abc.apps.googleusercontent.com&clientSecret=" + enc("GOCSPX-not-shown-anywhere"));
        assertEquals(303, res.statusCode(), res.body());
        res = admin().post("/console/sso/rules", "_csrf=" + enc(csrf) + "&rules="
                + enc("group it-team technician\ndomain " + OidcFixture.DOMAIN + " staff\ngroup slt-group slt\n"));
        assertEquals(303, res.statusCode(), res.body());
        String api = f.tc.adminGet("/api/v1/sso/rules").body();
        assertTrue(api.indexOf("it-team") < api.indexOf(OidcFixture.DOMAIN) && api.contains("slt-group"), api);
        String page = admin().get("/console/sso").body();
        assertTrue(page.contains("accounts.google.com") && page.contains("/console/sso/callback"), page);
        assertFalse(page.contains("GOCSPX") || f.tc.adminGet("/api/v1/sso/providers").body().contains("GOCSPX"));
        assertTrue(f.tc.send(f.tc.request("/console/login").GET()).body().contains("Sign in with Google"));

        res = admin().post("/console/sso/rules", "_csrf=" + enc(csrf) + "&rules=" + enc("domain " + OidcFixture.DOMAIN));
        assertEquals(400, res.statusCode());
        assertTrue(res.body().contains("line 1"), res.body());
    }

    @Test
    void aWebhookAddedInTheConsoleShowsItsSecretOnceAndTheLogTable() throws Exception {
        String csrf = ConsoleSession.csrf(admin().get("/console/alerts").body());
        HttpResponse<String> res = admin().post("/console/alerts/targets", "_csrf=" + enc(csrf) + "&name=Teams"
                + "&kind=webhook&url=" + enc("https://school.webhook.office.com/webhookb2/secret-path")
                + "&email=&format=generic&events=loan-overdue&events=finding-high");
        assertEquals(200, res.statusCode(), res.body());
        assertTrue(res.body().contains("shown only now: <code>rcwh_"), res.body());
        String page = admin().get("/console/alerts").body();
        assertTrue(page.contains("https://school.webhook.office.com/…") && !page.contains("secret-path")
                && !page.contains("rcwh_"), page);
        assertTrue(page.contains("loan-overdue, finding-high") && page.contains("Deliveries"), page);
        res = admin().post("/console/alerts/targets", "_csrf=" + enc(csrf) + "&name=Bad&kind=webhook&url="
                + enc("http://hooks.example.com/x") + "&events=loan-overdue");
        assertEquals(400, res.statusCode());
        assertTrue(res.body().contains("url: must be an https URL"), res.body());
        assertEquals(403, ConsoleSession.newUser(f.tc, "tech.pages", "technician").get("/console/alerts").statusCode());
    }

    private void assertRefused(String why) throws Exception {
        OidcFixture.Started s = f.start();
        HttpResponse<String> res = f.callback(f.authorize(s), s.stateCookie());
        assertEquals(403, res.statusCode(), res.body());
        assertTrue(res.body().toLowerCase().contains(why), why + " in " + res.body());
        assertNoSession(res);
    }

    private static void assertNoSession(HttpResponse<String> res) {
        assertTrue(res.headers().allValues("Set-Cookie").stream().noneMatch(c -> c.startsWith("rc_session=")),
                res.headers().toString());
    }
}
