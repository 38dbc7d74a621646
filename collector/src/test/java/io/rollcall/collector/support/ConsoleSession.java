package io.rollcall.collector.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A person signed in to the console through its form, making page requests and CSRF-carrying form posts. */
public record ConsoleSession(TestCollector tc, String cookie) {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    /** Creates a user of {@code role} with a random password and signs them in. */
    public static ConsoleSession newUser(TestCollector tc, String username, String role) throws Exception {
        String password = TestCollector.randomToken("pw-");
        tc.createUser(username, role, password);
        HttpResponse<String> form = tc.send(tc.request("/console/login").GET());
        String loginCookie = form.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        HttpResponse<String> res = tc.send(tc.request("/console/login").header("Cookie", loginCookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + username + "&password=" + password
                        + "&_csrf=" + csrf(form.body()))));
        assertEquals(303, res.statusCode(), res.body());
        return new ConsoleSession(tc, res.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("rc_session=")).findFirst().orElseThrow().split(";")[0]);
    }

    /** The first CSRF field's value in a page. */
    public static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        assertTrue(m.find(), "a CSRF field in " + html);
        return m.group(1);
    }

    public HttpResponse<String> get(String path) throws Exception {
        return tc.send(tc.request(path).header("Cookie", cookie).GET());
    }

    public HttpResponse<String> post(String path, String form) throws Exception {
        return tc.send(tc.request(path).header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)));
    }
}
