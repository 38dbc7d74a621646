package io.rollcall.collector.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.support.TestCollector;
import io.rollcall.common.report.Report;
import io.rollcall.common.enroll.EnrollResponse;
import io.rollcall.common.wire.ReportCodec;
import io.rollcall.common.wire.WireJson;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.Route;
import java.util.concurrent.atomic.AtomicReference;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;

/**
 * A real OpenID provider (mock-oauth2-server: discovery, JWKS, RS256-signed tokens, PKCE checked) on loopback, a
 * collector whose public host is {@code localhost} with that provider added through the admin API, and the steps of
 * a sign-in as a browser makes them, one request at a time.
 */
public final class OidcFixture implements AutoCloseable {
    static final String ISSUER_ID = "school";
    static final String CLIENT_ID = "rollcall-test-client";
    public static final String DOMAIN = "school.test";

    final MockOAuth2Server idp;
    final ForgedTokenRoute forged = new ForgedTokenRoute();
    public final TestCollector tc;
    /**
     * The collector's clock, at the real time (the provider's tokens carry real times) until a test moves it. Whole
     * milliseconds: the database rounds to microseconds, and a password-change time rounded up past the session's
     * start (both read from this stopped clock) would end the session at once.
     */
    final io.rollcall.collector.support.MutableClock clock = new io.rollcall.collector.support.MutableClock(
            Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    final HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public OidcFixture(Path dir, boolean interactiveLogin) throws Exception {
        idp = new MockOAuth2Server(new OAuth2Config(interactiveLogin, null, null, false), forged);
        idp.start(java.net.InetAddress.getLoopbackAddress(), 0);
        Path cfg = Files.writeString(dir.resolve("sso-test.properties"), "public.host=localhost\n");
        tc = new TestCollector(dir.resolve("data")).start(0, c -> {
            try {
                return c.withFile(cfg);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, clock);
        ok(200, tc.admin("PUT", "/api/v1/sso/providers/test", json(Map.of("displayName", "Sign in with School",
                "issuer", issuer(), "clientId", CLIENT_ID, "clientSecret", TestCollector.randomToken("secret-")))));
        ok(200, tc.admin("PUT", "/api/v1/sso/rules", json(Map.of("rules", List.of(
                Map.of("kind", "group", "value", "it-team", "role", "technician"),
                Map.of("kind", "domain", "value", DOMAIN, "role", "staff"))))));
    }

    /** Answers the provider's next token request with {@code json} instead of the provider's own answer. */
    static final class ForgedTokenRoute implements Route {
        private final AtomicReference<String> next = new AtomicReference<>();

        void once(String json) {
            next.set(json);
        }

        @Override
        public boolean match(OAuth2HttpRequest r) {
            return next.get() != null && "POST".equals(r.getMethod()) && r.getUrl().encodedPath().endsWith("/token");
        }

        @Override
        public OAuth2HttpResponse invoke(OAuth2HttpRequest r) {
            return new OAuth2HttpResponse(okhttp3.Headers.of("Content-Type", "application/json"), 200,
                    next.getAndSet(null), null);
        }
    }

    String issuer() {
        return idp.issuerUrl(ISSUER_ID).toString().replaceAll("/+$", "");
    }

    /** The provider signs the next token with these claims (email, name, groups…), valid for {@code expiry} s. */
    void nextToken(String subject, Map<String, Object> claims, long expirySeconds) {
        idp.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, subject, "JWT", null, claims, expirySeconds));
    }

    void nextPerson(String email) {
        nextToken(email, new HashMap<>(Map.of("email", email, "name", "Pat " + email.substring(0, email.indexOf('@')))),
                3600);
    }

    /** A started sign-in: the provider URL the browser is sent to, and the browser's state cookie. */
    record Started(URI authorize, String stateCookie) {
        String param(String name) {
            return query(authorize).get(name);
        }
    }

    Started start() throws Exception {
        HttpResponse<String> res = tc.send(tc.request("/console/sso/test/start?next=/console/my-device").GET());
        assertEquals(303, res.statusCode(), res.body());
        String cookie = res.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("rc_sso="))
                .findFirst().orElseThrow().split(";")[0];
        return new Started(URI.create(res.headers().firstValue("Location").orElseThrow()), cookie);
    }

    /** The provider's answer to the authorisation request (no login page): the callback URL with code and state. */
    URI authorize(Started s) throws Exception {
        HttpResponse<String> res = plain.send(HttpRequest.newBuilder(s.authorize()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, res.statusCode(), res.body());
        return URI.create(res.headers().firstValue("Location").orElseThrow());
    }

    /** The browser coming back to the collector with {@code callback}'s query and {@code cookie}. */
    HttpResponse<String> callback(URI callback, String cookie) throws Exception {
        HttpRequest.Builder b = tc.request("/console/sso/callback?" + callback.getRawQuery()).GET();
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return tc.send(b);
    }

    static String session(HttpResponse<String> res) {
        return res.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("rc_session="))
                .findFirst().orElseThrow().split(";")[0];
    }

    /** A whole sign-in as {@code email}; the session cookie. */
    String signIn(String email) throws Exception {
        nextPerson(email);
        Started s = start();
        HttpResponse<String> res = callback(authorize(s), s.stateCookie());
        assertEquals(200, res.statusCode(), res.body());
        return session(res);
    }

    HttpResponse<String> get(String cookie, String path) throws Exception {
        return tc.send(tc.request(path).header("Cookie", cookie).GET());
    }

    /**
     * An enrolled laptop with a full report (so it has findings), registered as an asset and lent to a person with
     * this e-mail address. Returns the device id.
     */
    public String lentLaptop(String name, String email) throws Exception {
        String hw = UUID.randomUUID().toString();
        EnrollResponse d = tc.enroll(hw);
        // a seed per laptop: the sample report's serial number follows it
        Report r = io.rollcall.common.sample.SampleReports.full(d.deviceId(), hw.hashCode(), 20, Instant.now());
        assertEquals(202, tc.postReport(d, ReportCodec.toGzipJson(r), true).statusCode());
        String serial = ok(200, tc.adminGet("/api/v1/devices/" + d.deviceId())).get("device").get("serialNumber")
                .asText();
        String tag = "T-" + hw.substring(0, 8);
        ok(201, tc.admin("POST", "/api/v1/assets", json(Map.of("tag", tag, "type", "laptop", "make", "Lenovo",
                "model", "T14", "serial", serial))));
        String person = ok(201, tc.admin("POST", "/api/v1/people", json(Map.of("staffId", "S" + hw.substring(0, 8),
                "name", name, "email", email)))).get("id").asText();
        ok(201, tc.admin("POST", "/api/v1/loans", json(Map.of("assetTag", tag, "personId", person,
                "dueAt", Instant.now().plus(Duration.ofDays(30)).toString(), "conditionOut", "good"))));
        return d.deviceId().toString();
    }

    static String json(Object o) throws Exception {
        return WireJson.mapper().writeValueAsString(o);
    }

    static JsonNode ok(int status, HttpResponse<String> res) throws Exception {
        assertEquals(status, res.statusCode(), res.body());
        return WireJson.mapper().readTree(res.body());
    }

    static Map<String, String> query(URI u) {
        Map<String, String> m = new HashMap<>();
        for (String kv : u.getRawQuery().split("&")) {
            int eq = kv.indexOf('=');
            m.put(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return m;
    }

    @Override
    public void close() {
        tc.close();
        idp.shutdown();
    }
}
