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

    static String location(HttpResponse<String> res) {
        assertEquals(303, res.statusCode(), res.body());
        return res.headers().firstValue("Location").orElseThrow();
    }

    @Test
    void everyConsoleFormRefusesTheRolesItDoesNotListEvenWithTheirOwnCsrfToken() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Role r : Role.values()) {
            String cookie = signIn(r);
            String token = csrf(get(cookie, "/console/home").body().isEmpty()
                    ? get(cookie, HomePages.home(r)).body() : get(cookie, "/console/home").body());
            for (ConsoleRouter.PageSpec p : tc.collector().console().pages()) {
                if (!p.method().name().equals("POST") || p.roles().contains(r)) {
                    continue;
                }
                String path = p.path().replaceAll(":[a-zA-Z]+", UUID.randomUUID().toString());
                int s = postForm(cookie, path, "_csrf=" + token + "&tag=X1&type=camera&staffId=S1&name=N").statusCode();
                if (s != 403) {
                    wrong.add(p.path() + " as " + r.wire() + " → " + s);
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void businessPagesWithRealRecordsOpenForBusinessManagersAndAdminsOnly() throws Exception {
        String bm = signIn(Role.BUSINESS_MANAGER);
        String token = csrf(get(bm, "/console/business").body());
        String tag = "W-" + UUID.randomUUID().toString().substring(0, 6);
        location(postForm(bm, "/console/assets", "_csrf=" + token + "&tag=" + tag + "&type=camera"));
        String staffId = "R" + UUID.randomUUID().toString().substring(0, 6);
        location(postForm(bm, "/console/staff", "_csrf=" + token + "&staffId=" + staffId + "&name=Rita+Reader"));
        String loan = location(postForm(bm, "/console/loans", "_csrf=" + token + "&assetTag=" + tag + "&staffId=" + staffId
                + "&dueAt=2099-01-31")).split("\\?")[0];
        for (String path : List.of("/console/business", "/console/assets", "/console/assets/new", "/console/assets/" + tag,
                "/console/loans", "/console/loans?view=overdue", "/console/loans?view=due-soon", "/console/loans?view=silent",
                "/console/loans?view=leavers", "/console/loans/new", loan, "/console/staff")) {
            for (Role r : Role.values()) {
                int s = get(signIn(r), path).statusCode();
                assertEquals(Role.BUSINESS_MANAGERS.contains(r) ? 200 : 403, s, path + " as " + r.wire());
            }
        }
    }

    @Test
    void businessManagerLendsAcknowledgesAndReturnsThroughTheForms() throws Exception {
        String bm = signIn(Role.BUSINESS_MANAGER);
        String token = csrf(get(bm, "/console/business").body());
        String tag = "F-" + UUID.randomUUID().toString().substring(0, 6);
        assertEquals("/console/assets/" + tag + "?done=added", location(postForm(bm, "/console/assets",
                "_csrf=" + token + "&tag=" + tag + "&type=laptop&make=Dell&serial=SN-" + tag + "&cost=12.50")));
        var bad = postForm(bm, "/console/assets", "_csrf=" + token + "&tag=" + tag + "&type=laptop");
        assertEquals(409, bad.statusCode());
        assertTrue(bad.body().contains("already exists"), bad.body());
        assertEquals(400, postForm(bm, "/console/assets", "_csrf=" + token + "&tag=Z9&type=spaceship").statusCode());

        String staffId = "L" + UUID.randomUUID().toString().substring(0, 6);
        location(postForm(bm, "/console/staff", "_csrf=" + token + "&staffId=" + staffId + "&name=Lena+Lender"));
        assertEquals(404, postForm(bm, "/console/loans", "_csrf=" + token + "&assetTag=" + tag
                + "&staffId=nobody&dueAt=2099-01-31").statusCode());
        String loan = location(postForm(bm, "/console/loans", "_csrf=" + token + "&assetTag=" + tag + "&staffId=" + staffId
                + "&dueAt=2099-01-31&conditionOut=mint")).split("\\?")[0];
        String page = get(bm, loan).body();
        assertTrue(page.contains("class=\"terms\"") && page.contains("typedName"), page);
        assertEquals(409, postForm(bm, "/console/loans", "_csrf=" + token + "&assetTag=" + tag + "&staffId=" + staffId
                + "&dueAt=2099-01-31").statusCode(), "one open loan per asset");

        location(postForm(bm, loan + "/acknowledge", "_csrf=" + token + "&typedName=Lena+Lender"));
        page = get(bm, loan).body();
        assertTrue(page.contains("Lena Lender") && page.contains("terms and loan unchanged since"), page);
        var pdf = tc.http().send(tc.request("/api/v1/loans/" + loan.substring(loan.lastIndexOf('/') + 1) + "/receipt?kind=issue")
                .header("Cookie", bm.split(";")[0]).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, pdf.statusCode());
        assertEquals("%PDF", new String(pdf.body(), 0, 4, java.nio.charset.StandardCharsets.US_ASCII));

        location(postForm(bm, loan + "/return", "_csrf=" + token + "&conditionIn=scuffed+lid&receivedBy=Front+desk&assetStatus=repair"));
        page = get(bm, loan).body();
        assertTrue(page.contains("scuffed lid") && page.contains("Front desk") && page.contains("Return inspection")
                && page.contains("receipt?kind=return"), page);
        assertTrue(get(bm, "/console/assets/" + tag).body().contains(">repair<"));
    }

    @Test
    void staffImportPreviewsChangesAndLineErrorsAndTheConfirmAppliesTheSameFile() throws Exception {
        String bm = signIn(Role.BUSINESS_MANAGER);
        String token = csrf(get(bm, "/console/staff").body());
        String a = "I" + UUID.randomUUID().toString().substring(0, 6);
        String b = "I" + UUID.randomUUID().toString().substring(0, 6);
        String good = "Staff Code,First Name,Surname,Email Address,Dept\n" + a + ",Imma,Port,imma@school.example,Maths\n"
                + b + ",Otto,Import,,Art\n";
        var preview = postForm(bm, "/console/staff/import/preview", "_csrf=" + token + "&csv="
                + java.net.URLEncoder.encode(good, java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(200, preview.statusCode(), preview.body());
        assertTrue(preview.body().contains("would add <strong>2</strong>"), preview.body());
        assertFalse(get(bm, "/console/staff?q=" + a).body().contains("Imma Port"), "a preview changes nothing");

        Matcher m = Pattern.compile("name=\"csvBase64\" value=\"([^\"]+)\"").matcher(preview.body());
        assertTrue(m.find());
        assertEquals(403, postForm(bm, "/console/staff/import", "csvBase64=" + m.group(1)).statusCode(), "confirm needs CSRF");
        assertEquals("/console/staff?imported=2-0-0", location(postForm(bm, "/console/staff/import", "_csrf=" + token
                + "&csvBase64=" + java.net.URLEncoder.encode(m.group(1), java.nio.charset.StandardCharsets.UTF_8))));
        assertTrue(get(bm, "/console/staff?q=" + a).body().contains("Imma Port"));

        String broken = "Staff Code,First Name,Surname,Leaving Date\n,No,Id,\nX1,Bad,Date,sometime soon\n";
        var refused = postForm(bm, "/console/staff/import/preview", "_csrf=" + token + "&csv="
                + java.net.URLEncoder.encode(broken, java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(200, refused.statusCode());
        assertTrue(refused.body().contains("<td>2</td>") && refused.body().contains("<td>3</td>"), refused.body());
        assertFalse(refused.body().contains("csvBase64"), "no confirm for a file with bad lines");
    }
}
