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
    static final Map<Role, String> IDS = new EnumMap<>(Role.class);

    @BeforeAll
    static void start() throws Exception {
        tc = new TestCollector(dir).start(0);
        for (Role r : Role.values()) {
            String pw = TestCollector.randomToken("pw-");
            IDS.put(r, tc.createUser(r.wire().replace("-", "") + ".web", r.wire(), pw).get("id").asText());
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

    /** Enrols a device whose report holds one software title nobody has reviewed; returns the title's id. */
    static String deviceWithUnreviewedTitle(String name) throws Exception {
        var d = tc.enroll(UUID.randomUUID().toString());
        var sections = io.rollcall.common.report.Sections.EMPTY.withSoftware(List.of(new io.rollcall.common.report.SoftwareItem(
                name + " 3.1", "3.1.0", "Testing Ltd", java.time.Instant.parse("2024-09-01T08:00:00Z"),
                io.rollcall.common.report.SoftwareSource.REGISTRY, null)));
        var r = new io.rollcall.common.report.Report(1, UUID.randomUUID(), d.deviceId(), "0.1.0", java.time.Instant.now(),
                io.rollcall.common.report.ReportKind.DELTA, sections, null);
        assertEquals(202, tc.postReport(d, io.rollcall.common.wire.ReportCodec.toJson(r), false).statusCode());
        var review = io.rollcall.common.wire.WireJson.mapper().readTree(
                tc.adminGet("/api/v1/software/review?q=" + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8)).body());
        assertEquals(1, review.get("total").asInt(), review.toString());
        return review.get("items").get(0).get("id").asText();
    }

    @Test
    void technicianPagesWithRealRecordsOpenForTechniciansAndAdminsOnly() throws Exception {
        String title = deviceWithUnreviewedTitle("Walkabout Notes " + UUID.randomUUID().toString().substring(0, 4));
        String tech = signIn(Role.TECHNICIAN);
        String token = csrf(get(tech, "/console/licences/new").body());
        location(postForm(tech, "/console/licences", "_csrf=" + token + "&title=" + title + "&type=per-device&seats=3"));
        var lic = io.rollcall.common.wire.WireJson.mapper().readTree(tc.adminGet("/api/v1/licences?title=" + title).body());
        String licence = lic.get("items").get(0).get("id").asText();
        for (String path : List.of("/console/review", "/console/review?q=walkabout", "/console/software",
                "/console/software?status=unreviewed&category=unknown&q=walk", "/console/software/" + title,
                "/console/licences", "/console/licences?expiring=true", "/console/licences/new",
                "/console/licences/" + licence + "/delete", "/console/media", "/console/policy", "/console/enrol")) {
            for (Role r : Role.values()) {
                var res = get(signIn(r), path);
                assertEquals(Role.TECHNICIANS.contains(r) ? 200 : 403, res.statusCode(), path + " as " + r.wire() + ": " + res.body());
            }
        }
        String queue = get(tech, "/console/review").body();
        assertTrue(queue.contains("/console/software/" + title + "/decision") && queue.contains("for=\"status-" + title + "\""), queue);
        String titlePage = get(tech, "/console/software/" + title).body();
        assertTrue(titlePage.contains("Devices holding it") && titlePage.contains("/console/devices/"), titlePage);
    }

    @Test
    void technicianFormsDecideLicenceApproveMediaAndRefuseBadFieldsByName() throws Exception {
        String title = deviceWithUnreviewedTitle("Formwork Draw " + UUID.randomUUID().toString().substring(0, 4));
        String tech = signIn(Role.TECHNICIAN);
        String token = csrf(get(tech, "/console/review").body());

        var bad = postForm(tech, "/console/software/" + title + "/decision", "_csrf=" + token + "&status=maybe");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("status"), bad.body());
        assertEquals("/console/review?done=decided", location(postForm(tech, "/console/software/" + title + "/decision",
                "_csrf=" + token + "&status=approved&category=classroom&reason=used+in+art&back=review")));
        String page = get(tech, "/console/software/" + title).body();
        assertTrue(page.contains(">approved<") && page.contains("used in art") && page.contains("technician.web"), page);
        assertFalse(get(tech, "/console/review?q=formwork").body().contains(title), "decided titles leave the queue");

        var seats = postForm(tech, "/console/licences", "_csrf=" + token + "&title=" + title + "&type=per-device&seats=lots");
        assertEquals(400, seats.statusCode());
        assertTrue(seats.body().contains("seats: was &#39;lots&#39;"), seats.body());
        location(postForm(tech, "/console/licences", "_csrf=" + token + "&title=" + title + "&type=site&validTo="
                + java.time.LocalDate.now().plusDays(5)));
        String licences = get(tech, "/console/licences?title=" + title).body();
        assertTrue(licences.contains("class=\"expiring\"") && licences.contains("ends in 5 days"), licences);
        var lic = io.rollcall.common.wire.WireJson.mapper().readTree(tc.adminGet("/api/v1/licences?title=" + title).body());
        String id = lic.get("items").get(0).get("id").asText();
        assertTrue(get(tech, "/console/licences/" + id + "/delete").body().contains("confirm-delete"));
        assertEquals("/console/licences?done=deleted", location(postForm(tech, "/console/licences/" + id + "/delete",
                "_csrf=" + token)));
        assertEquals(0, io.rollcall.common.wire.WireJson.mapper().readTree(tc.adminGet("/api/v1/licences?title=" + title).body())
                .get("items").size());

        var media = postForm(tech, "/console/media", "_csrf=" + token + "&vendorId=zz99&productId=5581");
        assertEquals(400, media.statusCode());
        assertTrue(media.body().contains("vendorId"), media.body());
        String serial = "SER" + UUID.randomUUID().toString().substring(0, 6);
        location(postForm(tech, "/console/media", "_csrf=" + token + "&serial=" + serial + "&description=Art+dept+stick"));
        String list = get(tech, "/console/media").body();
        assertTrue(list.contains(serial), list);
        Matcher m = Pattern.compile("action=\"(/console/media/[0-9a-f-]+/remove)\"").matcher(list);
        assertTrue(m.find(), list);
        location(postForm(tech, m.group(1), "_csrf=" + token));
        assertFalse(get(tech, "/console/media").body().contains(serial));
    }

    @Test
    void policyFormShowsEachErrorNextToItsFieldAndAppliesNothingUntilAllAreGood() throws Exception {
        String tech = signIn(Role.TECHNICIAN);
        String form = get(tech, "/console/policy").body();
        String token = csrf(form);
        int before = io.rollcall.common.wire.WireJson.mapper().readTree(tc.adminGet("/api/v1/policy").body()).get("version").asInt();
        // every field as the page filled it, as a browser would send them
        StringBuilder fields = new StringBuilder("_csrf=" + token);
        Matcher inputs = Pattern.compile("<input type=\"checkbox\" id=\"([^\"]+)\" name=\"[^\"]+\" checked").matcher(form);
        while (inputs.find()) {
            fields.append('&').append(inputs.group(1)).append("=on");
        }
        assertTrue(form.contains("id=\"screenLockMaxIdleMinutes\"") && form.contains("idle minutes (Windows, Linux)")
                && form.contains("id=\"screenLockMaxIdleMinutesMac\"") && !form.contains("screenLockMaxIdleSeconds"), form);
        assertTrue(form.contains("name=\"screenLockMaxIdleMinutes\" type=\"number\" value=\"15\""), "900 s shown as 15 minutes");
        // every required threshold arrives filled in, or a browser refuses to submit the form at all
        Matcher thresholds = Pattern.compile("<input [^>]*name=\"([^\"]+)\" type=\"number\" value=\"([^\"]*)\"").matcher(form);
        int filled = 0;
        while (thresholds.find()) {
            assertFalse(thresholds.group(2).isBlank() || thresholds.group(2).equals("null"), thresholds.group(1) + " is empty");
            filled++;
        }
        assertEquals(7, filled, "thresholds found in the form");
        assertTrue(form.contains("name=\"osUpdateMaxDays\" type=\"number\" value=\"14\""), "the OS-update limit shown");
        String good = fields + "&screenLockMaxIdleMinutes=10&screenLockMaxIdleMinutesMac=20&screenLockMaxGraceSeconds=5"
                + "&staleDaysOnLoan=7&mediaWindowDays=30&osUpdateMaxDays=14&complianceSeverity=medium&unknownSeverity=low"
                + "&severity.software.unapproved=high&policyRef.software.unapproved=Staff+AUP+s.4";
        var bad = postForm(tech, "/console/policy", good + "&staleDays=0&severity.device.stale=dreadful");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("id=\"err-staleDays\"") && bad.body().contains("staleDays was 0"), bad.body());
        assertTrue(bad.body().contains("id=\"err-severity.device.stale\""), bad.body());
        assertTrue(bad.body().contains("value=\"10\""), "the form keeps what was typed");
        var negative = postForm(tech, "/console/policy", good.replace("MinutesMac=20", "MinutesMac=-5") + "&staleDays=14");
        assertEquals(400, negative.statusCode());
        assertTrue(negative.body().contains("id=\"err-screenLockMaxIdleMinutesMac\"")
                && negative.body().contains("screenLockMaxIdleMinutesMac was -5, must be more than 0"), negative.body());
        var words = postForm(tech, "/console/policy", good.replace("Minutes=10", "Minutes=1e9") + "&staleDays=14");
        assertEquals(400, words.statusCode());
        assertTrue(words.body().contains("screenLockMaxIdleMinutes was &#39;1e9&#39;, must be a number of minutes"), words.body());
        var after = io.rollcall.common.wire.WireJson.mapper().readTree(tc.adminGet("/api/v1/policy").body());
        assertEquals(before, after.get("version").asInt(), "nothing applied");

        assertEquals("/console/policy?done=saved", location(postForm(tech, "/console/policy", good + "&staleDays=21")));
        after = io.rollcall.common.wire.WireJson.mapper().readTree(tc.adminGet("/api/v1/policy").body());
        assertEquals(before + 1, after.get("version").asInt());
        assertEquals(21, after.get("policy").get("staleDays").asInt());
        assertEquals(600, after.get("policy").get("screenLockMaxIdleSeconds").asInt(), "10 minutes stored as seconds");
        assertEquals(1200, after.get("policy").get("screenLockMaxIdleSecondsMac").asInt());
        assertEquals("high", after.get("policy").get("rules").get("software.unapproved").get("severity").asText());
        assertEquals("Staff AUP s.4", after.get("policy").get("rules").get("software.unapproved").get("policyRef").asText());
        String page = get(tech, "/console/policy?done=saved").body();
        assertTrue(page.contains("Saved as version " + (before + 1)), page);
        assertTrue(page.contains("<td>" + (before + 1) + "</td><td>Test technician.web (technician.web)</td>"),
                "the history names who: " + page);
        assertFalse(page.contains(IDS.get(Role.TECHNICIAN)), "by name, not by id");
        // put it back so other tests see the defaults' thresholds
        tc.admin("PUT", "/api/v1/policy", "{}");
    }

    @Test
    void enrolmentPageShowsTheTokenCommandsAndInstallersTheSessionMayDownload() throws Exception {
        java.nio.file.Path installers = java.nio.file.Files.createDirectories(tc.dataDir.resolve("installers"));
        byte[] deb = "!<arch>\nnot really a deb".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        java.nio.file.Files.write(installers.resolve("rollcall-agent_amd64.deb"), deb);
        String tech = signIn(Role.TECHNICIAN);
        var res = get(tech, "/console/enrol");
        String page = res.body();
        assertEquals("no-store", res.headers().firstValue("Cache-Control").orElse(""));
        assertTrue(page.contains(tc.enrollToken), "the token is shown to technicians");
        assertTrue(page.contains("msiexec /i rollcall-agent-x64.msi /qn") && page.contains("apt-get install -y ./rollcall-agent_amd64.deb")
                && page.contains("sudo installer -pkg rollcall-agent.pkg") && page.contains("<pre class=\"command\""), page);
        assertTrue(page.contains("href=\"/api/v1/enrollment/installers/rollcall-agent_amd64.deb\""), page);
        var file = tc.http().send(tc.request("/api/v1/enrollment/installers/rollcall-agent_amd64.deb")
                .header("Cookie", tech.split(";")[0]).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, file.statusCode());
        assertTrue(java.util.Arrays.equals(deb, file.body()));
        var refused = get(signIn(Role.BUSINESS_MANAGER), "/api/v1/enrollment/installers/rollcall-agent_amd64.deb");
        assertEquals(403, refused.statusCode());
        assertFalse(get(signIn(Role.SLT), "/console/enrol").body().contains(tc.enrollToken));
    }

    @Test
    void historyRowsNamePeopleNotTheirIds() throws Exception {
        String bm = signIn(Role.BUSINESS_MANAGER);
        String token = csrf(get(bm, "/console/business").body());
        String tag = "N-" + UUID.randomUUID().toString().substring(0, 6);
        location(postForm(bm, "/console/assets", "_csrf=" + token + "&tag=" + tag + "&type=camera"));
        location(postForm(bm, "/console/assets/" + tag + "/status", "_csrf=" + token + "&status=repair&note=lens"));
        String staffId = "N" + UUID.randomUUID().toString().substring(0, 6);
        location(postForm(bm, "/console/staff", "_csrf=" + token + "&staffId=" + staffId + "&name=Nina+Named"));
        location(postForm(bm, "/console/assets/" + tag + "/status", "_csrf=" + token + "&status=in-stock"));
        String loan = location(postForm(bm, "/console/loans", "_csrf=" + token + "&assetTag=" + tag + "&staffId=" + staffId
                + "&dueAt=2099-01-31")).split("\\?")[0];
        location(postForm(bm, loan + "/return", "_csrf=" + token + "&conditionIn=fine&assetStatus=in-stock"));
        String bmName = "Test businessmanager.web (businessmanager.web)";
        String loanPage = get(bm, loan).body();
        assertTrue(loanPage.contains(" by " + bmName + "</dd>"), "lent by and closed by: " + loanPage);
        String assetPage = get(bm, "/console/assets/" + tag).body();
        assertTrue(assetPage.contains("<td>" + bmName + "</td>"), assetPage);
        assertFalse(loanPage.contains(IDS.get(Role.BUSINESS_MANAGER)) || assetPage.contains(IDS.get(Role.BUSINESS_MANAGER)));

        // a decision through the API with the first-run admin token, one through the console by a technician
        String name = "Namecheck Studio " + UUID.randomUUID().toString().substring(0, 4);
        reportSoftware(name);
        String titleId = io.rollcall.common.wire.WireJson.mapper().readTree(tc.adminGet("/api/v1/software/review?q="
                + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8)).body()).get("items").get(0).get("id").asText();
        assertEquals(200, tc.admin("POST", "/api/v1/software/titles/" + titleId + "/decision",
                "{\"status\":\"licence-required\",\"reason\":\"paid\"}").statusCode() / 100 * 100);
        String tech = signIn(Role.TECHNICIAN);
        location(postForm(tech, "/console/software/" + titleId + "/decision", "_csrf=" + csrf(get(tech, "/console/review").body())
                + "&status=approved&reason=site+licence"));
        String title = get(tech, "/console/software/" + titleId).body();
        assertTrue(title.contains("<td>first-run admin token</td>") && title.contains("<td>Test technician.web (technician.web)</td>"),
                title);
        assertFalse(title.contains(IDS.get(Role.TECHNICIAN)) || title.contains(">first-run-admin<"), title);
        String catalogue = get(tech, "/console/software?q=" + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8)).body();
        assertTrue(catalogue.contains("Test technician.web (technician.web), "), catalogue);

        Actors.Names names = new Actors(new io.rollcall.collector.auth.UserStore(tc.collector().database()))
                .names(java.util.Arrays.asList(IDS.get(Role.SLT), null, "system", UUID.randomUUID().toString()));
        assertEquals("Test slt.web (slt.web)", names.of(IDS.get(Role.SLT)));
        assertEquals("system", names.of("system"), "unknown ids are shown as stored");
        String stranger = UUID.randomUUID().toString();
        assertEquals(stranger, names.of(stranger));
    }

    /** A new device reporting one installed title called {@code name}. */
    private static void reportSoftware(String name) throws Exception {
        var d = tc.enroll(UUID.randomUUID().toString());
        var sections = io.rollcall.common.report.Sections.EMPTY.withSoftware(List.of(
                new io.rollcall.common.report.SoftwareItem(name + " 2", "2.0", "Namecheck", java.time.Instant.parse("2024-09-01T08:00:00Z"),
                        io.rollcall.common.report.SoftwareSource.REGISTRY, null)));
        var report = new io.rollcall.common.report.Report(1, UUID.randomUUID(), d.deviceId(), "0.1.0", java.time.Instant.now(),
                io.rollcall.common.report.ReportKind.DELTA, sections, null);
        assertEquals(202, tc.postReport(d, io.rollcall.common.wire.ReportCodec.toJson(report), false).statusCode());
    }

    @Test
    void devicesRuleFilterOffersEveryRuleOfTheEngineAndFiltersByIt() throws Exception {
        String tech = signIn(Role.TECHNICIAN);
        String page = get(tech, "/console/devices").body();
        for (var r : io.rollcall.collector.findings.RuleEngine.defaults().rules()) {
            assertTrue(page.contains("<option>" + r.id() + "</option>"), r.id() + " offered even with nothing failing it: " + page);
        }
        var filtered = get(tech, "/console/devices?rule=software.banned");
        assertEquals(200, filtered.statusCode());
        assertTrue(filtered.body().contains("<option selected>software.banned</option>"), filtered.body());
    }
}
