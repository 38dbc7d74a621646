package io.rollcall.collector.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.collector.http.Role;
import io.rollcall.collector.support.TestCollector;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's cookies, CSRF checks and role checks, over plain HTTPS (no browser). */
class ConsoleHttpTest {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    @TempDir
    static Path dir;
    static TestCollector tc;
    static final Map<Role, String> PASSWORDS = new EnumMap<>(Role.class);

    @BeforeAll
    static void start() throws Exception {
        tc = new TestCollector(dir).start(0);
        for (Role r : Role.values()) {
            String pw = TestCollector.randomToken("pw-");
            tc.createUser(r.wire().replace("-", "") + ".web", r.wire(), pw);
            PASSWORDS.put(r, pw);
        }
    }

    @AfterAll
    static void stop() {
        tc.close();
    }

    /** Signs in through the form; returns the raw Set-Cookie header of the session. */
    static String signIn(Role r) throws Exception {
        HttpResponse<String> form = tc.send(tc.request("/console/login").GET());
        String loginCookie = form.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        String token = csrf(form.body());
        String body = "username=" + r.wire().replace("-", "") + ".web&password=" + PASSWORDS.get(r) + "&_csrf=" + token;
        HttpResponse<String> res = tc.send(tc.request("/console/login").header("Cookie", loginCookie)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(303, res.statusCode(), res.body());
        return res.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("rc_session=")).findFirst().orElseThrow();
    }

    static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        assertTrue(m.find(), "a CSRF field in " + html);
        return m.group(1);
    }

    static HttpResponse<String> get(String cookie, String path) throws Exception {
        return tc.send(tc.request(path).header("Cookie", cookie.split(";")[0]).GET());
    }

    static HttpResponse<String> postForm(String cookie, String path, String form) throws Exception {
        return tc.send(tc.request(path).header("Cookie", cookie.split(";")[0])
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    @Test
    void sessionCookieIsSecureHttpOnlyAndSameSiteStrict() throws Exception {
        String cookie = signIn(Role.SLT).toLowerCase();
        assertTrue(cookie.contains("secure"), cookie);
        assertTrue(cookie.contains("httponly"), cookie);
        assertTrue(cookie.contains("samesite=strict"), cookie);
    }

    @Test
    void formsWithoutTheSessionsCsrfTokenAreRefusedAndChangeNothing() throws Exception {
        String cookie = signIn(Role.ADMIN);
        String form = "username=csrf.victim&displayName=X&role=admin&password=" + TestCollector.randomToken("pw-");
        assertEquals(403, postForm(cookie, "/console/users", form).statusCode());
        assertEquals(403, postForm(cookie, "/console/users", form + "&_csrf=forged").statusCode());
        assertFalse(tc.adminGet("/api/v1/users").body().contains("csrf.victim"));
        String token = csrf(get(cookie, "/console/users").body());
        assertEquals(303, postForm(cookie, "/console/users", form + "&_csrf=" + token).statusCode());
        assertTrue(tc.adminGet("/api/v1/users").body().contains("csrf.victim"));
    }

    @Test
    void apiCallsWithTheSessionCookieNeedTheCsrfHeaderToChangeAnything() throws Exception {
        String cookie = signIn(Role.TECHNICIAN);
        var json = HttpRequest.BodyPublishers.ofString("{\"name\":\"from the console\"}");
        var res = tc.send(tc.request("/api/v1/tokens").header("Cookie", cookie.split(";")[0])
                .header("Content-Type", "application/json").POST(json));
        assertEquals(403, res.statusCode(), res.body());
        String token = csrf(get(cookie, "/console/devices").body());
        res = tc.send(tc.request("/api/v1/tokens").header("Cookie", cookie.split(";")[0]).header("X-CSRF-Token", token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"ok\"}")));
        assertEquals(201, res.statusCode(), res.body());
        assertEquals(200, get(cookie, "/api/v1/devices").statusCode(), "reads need no CSRF token");
    }

    @Test
    void signOutEndsTheSessionOnTheServer() throws Exception {
        String cookie = signIn(Role.BUSINESS_MANAGER);
        String token = csrf(get(cookie, "/console/business").body());
        assertEquals(303, postForm(cookie, "/console/logout", "_csrf=" + token).statusCode());
        var after = get(cookie, "/console/business");
        assertEquals(303, after.statusCode());
        assertTrue(after.headers().firstValue("Location").orElseThrow().startsWith("/console/login"));
    }

    @Test
    void passwordResetEndsTheUsersOpenSessions() throws Exception {
        String pw = TestCollector.randomToken("pw-");
        var u = tc.createUser("reset.web", "slt", pw);
        HttpResponse<String> form = tc.send(tc.request("/console/login").GET());
        String loginCookie = form.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        var res = tc.send(tc.request("/console/login").header("Cookie", loginCookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=reset.web&password=" + pw + "&_csrf=" + csrf(form.body()))));
        String cookie = res.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("rc_session=")).findFirst().orElseThrow();
        assertEquals(200, get(cookie, "/console/compliance").statusCode());
        // the reset is stamped after hashing the new password, so strictly after the session began
        tc.admin("POST", "/api/v1/users/" + u.get("id").asText() + "/password",
                "{\"password\":\"" + TestCollector.randomToken("pw-") + "\"}");
        int status = get(cookie, "/console/compliance").statusCode();
        assertEquals(303, status, "the old session is gone after a password reset");
    }

    @Test
    void signInNeverRedirectsOffTheConsole() {
        assertEquals("/console", LoginPages.safeNext("https://evil.example/"));
        assertEquals("/console", LoginPages.safeNext("//evil.example/console"));
        assertEquals("/console/devices?seen=stale", LoginPages.safeNext("/console/devices?seen=stale"));
    }

    @Test
    void everyConsolePageRefusesExactlyTheRolesItDoesNotList() throws Exception {
        Map<Role, String> cookies = new EnumMap<>(Role.class);
        for (Role r : Role.values()) {
            cookies.put(r, signIn(r));
        }
        List<String> wrong = new ArrayList<>();
        for (ConsoleRouter.PageSpec p : tc.collector().console().pages()) {
            if (!p.method().name().equals("GET")) {
                continue;
            }
            String path = p.path().replaceAll(":[a-zA-Z]+", UUID.randomUUID().toString());
            for (Role r : Role.values()) {
                int s = get(cookies.get(r), path).statusCode();
                boolean allowed = p.roles().contains(r);
                if (allowed == (s == 403) || s >= 500) {
                    wrong.add(p.path() + " as " + r.wire() + " → " + s);
                }
            }
        }
        assertEquals(List.of(), wrong);
        assertFalse(tc.collector().console().pages().isEmpty());
    }
}
