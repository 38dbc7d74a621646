package io.rollcall.collector.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.collector.support.ConsoleSession;
import io.rollcall.collector.support.TestCollector;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin's single sign-on and alert pages: their forms store what the API would, and refuse what it refuses. */
class SsoAndAlertPagesTest {
    @TempDir
    static Path dir;
    static TestCollector tc;
    static ConsoleSession admin;

    @BeforeAll
    static void start() throws Exception {
        tc = new TestCollector(dir).start(0);
        admin = ConsoleSession.newUser(tc, "admin.pages", "admin");
    }

    @AfterAll
    static void stop() {
        tc.close();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void aProviderAndRoleRulesSavedInTheConsoleAreWhatTheApiAndSignInPageShow() throws Exception {
        String csrf = ConsoleSession.csrf(admin.get("/console/sso").body());
        HttpResponse<String> res = admin.post("/console/sso/providers", "_csrf=" + enc(csrf) + "&id=google"
                + "&displayName=" + enc("Sign in with Google") + "&issuer=" + enc("https://accounts.google.com")
                + "&clientId=abc.apps.googleusercontent.com&clientSecret=" + enc("GOCSPX-not-shown-anywhere"));
        assertEquals(303, res.statusCode(), res.body());
        res = admin.post("/console/sso/rules", "_csrf=" + enc(csrf) + "&rules="
                + enc("group 00000000-aaaa-bbbb-cccc-000000000001 technician\ndomain school.example staff\n"));
        assertEquals(303, res.statusCode(), res.body());
        String api = tc.adminGet("/api/v1/sso/rules").body();
        assertTrue(api.contains("\"kind\":\"group\"") && api.indexOf("technician") < api.indexOf("school.example"), api);
        String page = admin.get("/console/sso").body();
        assertTrue(page.contains("accounts.google.com") && page.contains("/console/sso/callback"), page);
        assertFalse(page.contains("GOCSPX") || tc.adminGet("/api/v1/sso/providers").body().contains("GOCSPX"));
        assertTrue(tc.send(tc.request("/console/login").GET()).body().contains("Sign in with Google"));

        res = admin.post("/console/sso/rules", "_csrf=" + enc(csrf) + "&rules=" + enc("domain school.example"));
        assertEquals(400, res.statusCode());
        assertTrue(res.body().contains("line 1"), res.body());
    }

    @Test
    void aWebhookAddedInTheConsoleShowsItsSecretOnceAndTheLogTable() throws Exception {
        String csrf = ConsoleSession.csrf(admin.get("/console/alerts").body());
        HttpResponse<String> res = admin.post("/console/alerts/targets", "_csrf=" + enc(csrf) + "&name=Teams"
                + "&kind=webhook&url=" + enc("https://school.webhook.office.com/webhookb2/secret-path")
                + "&email=&format=generic&events=loan-overdue&events=finding-high");
        assertEquals(200, res.statusCode(), res.body());
        assertTrue(res.body().contains("shown only now: <code>rcwh_"), res.body());
        String page = admin.get("/console/alerts").body();
        assertTrue(page.contains("https://school.webhook.office.com/…") && !page.contains("secret-path")
                && !page.contains("rcwh_"), page);
        assertTrue(page.contains("loan-overdue, finding-high") && page.contains("Deliveries"), page);
        res = admin.post("/console/alerts/targets", "_csrf=" + enc(csrf) + "&name=Bad&kind=webhook&url="
                + enc("http://hooks.example.com/x") + "&events=loan-overdue");
        assertEquals(400, res.statusCode());
        assertTrue(res.body().contains("url: must be an https URL"), res.body());
        assertEquals(403, ConsoleSession.newUser(tc, "tech.pages", "technician").get("/console/alerts").statusCode());
    }
}
